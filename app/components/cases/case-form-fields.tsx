import { useId, type ReactNode, type TextareaHTMLAttributes } from 'react'

/** A labelled textarea with its hint and announced error (the case page's notes, answers, findings…). */
export function CaseTextArea({ label, hint, error, ...textarea }: { label: ReactNode; hint?: ReactNode; error?: string | undefined } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId()
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...textarea} />
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** Radio buttons with a legend, an optional hint and an announced error. */
export function CaseRadioGroup({
  name,
  legend,
  choices,
  value,
  hint,
  error,
}: {
  name: string
  legend: ReactNode
  choices: readonly (readonly [string, ReactNode])[]
  value: string | undefined
  hint?: ReactNode
  error?: string | undefined
}) {
  const id = useId()
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <fieldset className={`field checkbox${error ? ' has-error' : ''}`} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div>
        {choices.map(([v, label]) => (
          <label key={v}>
            <input type="radio" name={name} value={v} defaultChecked={value === v} /> {label}
          </label>
        ))}
      </div>
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}

/** Checkboxes posting the same name once per ticked box. */
export function CaseCheckboxGroup({
  name,
  legend,
  choices,
  checked,
  hint,
  error,
}: {
  name: string
  legend: ReactNode
  choices: readonly { value: string; label: ReactNode; disabled?: boolean }[]
  checked: readonly string[]
  hint?: ReactNode
  error?: string | undefined
}) {
  const id = useId()
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <fieldset className={`field checkbox${error ? ' has-error' : ''}`} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {choices.map((c) => (
        <label key={c.value} className="checkbox">
          <input type="checkbox" name={name} value={c.value} defaultChecked={checked.includes(c.value)} disabled={c.disabled} /> {c.label}
        </label>
      ))}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}
