import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'

interface FieldProps {
  label: ReactNode
  error?: string | undefined
  hint?: ReactNode
}

/** The ids a control points at with aria-describedby: its error and its hint, when present. */
function describedByFor(id: string, hint: ReactNode, error: string | undefined) {
  return [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined
}

/** A field's hint below it and its error, announced to screen readers. */
function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | undefined }) {
  return (
    <>
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
    </>
  )
}

/** A labelled control: `control` gets the id and ARIA attributes to put on the input, select or textarea. */
function LabelledField({ label, error, hint, control }: FieldProps & { control: (a: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }) {
  const id = useId()
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {control({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedByFor(id, hint, error) } as { id: string })}
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  )
}

/** A labelled input with its error announced to screen readers. */
export function TextField({ label, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return <LabelledField label={label} error={error} hint={hint} control={(a) => <input {...a} {...input} />} />
}

export function SelectField({ label, error, hint, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <LabelledField
      label={label}
      error={error}
      hint={hint}
      control={(a) => (
        <select {...a} {...select}>
          {children}
        </select>
      )}
    />
  )
}

export function TextAreaField({ label, error, hint, ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <LabelledField label={label} error={error} hint={hint} control={(a) => <textarea {...a} {...textarea} />} />
}

/** Radio buttons, checkboxes or a few related inputs under a legend, with a hint and an announced error. */
export function ChoiceFieldset({
  legend,
  hint,
  error,
  children,
  kind = 'checkbox',
  dataField,
}: {
  legend: ReactNode
  hint?: ReactNode
  error?: string | undefined
  children: ReactNode
  /** The fieldset's layout class: choices, or several inputs of one value (e.g. days + hours). */
  kind?: 'checkbox' | 'duration'
  dataField?: string
}) {
  const id = useId()
  return (
    <fieldset className={`field ${kind}${error ? ' has-error' : ''}`} aria-describedby={describedByFor(id, hint, error)} data-field={dataField}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      <HintAndError id={id} error={error} />
    </fieldset>
  )
}

export function FormError({ message }: { message?: string | undefined }) {
  if (!message) return null
  return (
    <div className="form-error" role="alert">
      {message}
    </div>
  )
}
