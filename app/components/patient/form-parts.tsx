import type { InputHTMLAttributes, ReactNode, Ref } from 'react'
import { useTranslation } from 'react-i18next'

/** Fixed ids (one patient form per page) so the error summary can link to each field. */
export const fieldId = (name: string) => `fb-${name}`

/** aria-describedby for a field: its hint(s) and, when present, its error. */
export function describedBy(name: string, { hint = false, error, extra = [] }: { hint?: boolean; error?: string | undefined; extra?: string[] }) {
  const ids = [hint ? `${fieldId(name)}-hint` : null, ...extra, error ? `${fieldId(name)}-error` : null].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

export function FieldError({ name, error }: { name: string; error?: string | undefined }) {
  if (!error) return null
  return (
    <p className="error" id={`${fieldId(name)}-error`}>
      {error}
    </p>
  )
}

export function Hint({ name, children }: { name: string; children: ReactNode }) {
  return (
    <p className="hint" id={`${fieldId(name)}-hint`}>
      {children}
    </p>
  )
}

/**
 * The message at the top of a form that came back: what went wrong and a link to each field,
 * in the order the fields appear. Announced (role=alert) and focused after a submit.
 */
export function ErrorSummary({
  formError,
  errors,
  labels,
  summaryRef,
}: {
  formError: string | undefined
  errors: Record<string, string>
  labels: [name: string, label: string][]
  summaryRef?: Ref<HTMLDivElement>
}) {
  const { t } = useTranslation('patient')
  const listed = labels.filter(([name]) => errors[name])
  if (!formError && listed.length === 0) return null
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef}>
      {formError ? <p className="error-summary-title">{formError}</p> : <p className="error-summary-title">{t('form.errorSummary')}</p>}
      {listed.length ? (
        <ul>
          {listed.map(([name, label]) => (
            <li key={name}>
              <a href={`#${fieldId(name)}`}>
                {t('form.summaryItem', { label, error: errors[name] })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** A labelled single-line input with hint and error. */
export function TextInput({
  name,
  label,
  hint,
  error,
  ...input
}: { name: string; label: string; hint?: ReactNode; error?: string | undefined } & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={fieldId(name)}>{label}</label>
      <input id={fieldId(name)} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(name, { hint: !!hint, error })} {...input} />
      {hint ? <Hint name={name}>{hint}</Hint> : null}
      <FieldError name={name} error={error} />
    </div>
  )
}

/** Radio buttons as big tap targets; the first one carries the field's id for the summary link. */
export function ChoiceGroup({ name, legend, choices, value, error }: { name: string; legend: string; choices: [value: string, label: string][]; value: string | undefined; error: string | undefined }) {
  return (
    <fieldset className={`field choices${error ? ' has-error' : ''}`} aria-describedby={error ? `${fieldId(name)}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="choice-list">
        {choices.map(([v, label], i) => (
          <label key={v} className="choice">
            <input type="radio" id={i === 0 ? fieldId(name) : undefined} name={name} value={v} defaultChecked={value === v} required aria-invalid={error ? true : undefined} /> <span>{label}</span>
          </label>
        ))}
      </div>
      <FieldError name={name} error={error} />
    </fieldset>
  )
}

/** Honeypot: invisible to people and assistive technology; bots that fill it are refused. */
export function Honeypot() {
  const { t } = useTranslation('patient')
  return (
    <div className="hp" aria-hidden="true">
      <label>
        {t('form.honeypot')}
        <input type="text" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </label>
    </div>
  )
}
