import type { ReactNode } from 'react'
import { ChoiceFieldset, TextAreaField } from '#app/components/forms/field.tsx'

/** A labelled textarea with its hint and announced error (the case page's notes, answers, findings…). */
export const CaseTextArea = TextAreaField

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
  return (
    <ChoiceFieldset legend={legend} hint={hint} error={error}>
      <div>
        {choices.map(([v, label]) => (
          <label key={v}>
            <input type="radio" name={name} value={v} defaultChecked={value === v} /> {label}
          </label>
        ))}
      </div>
    </ChoiceFieldset>
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
  return (
    <ChoiceFieldset legend={legend} hint={hint} error={error}>
      {choices.map((c) => (
        <label key={c.value} className="checkbox">
          <input type="checkbox" name={name} value={c.value} defaultChecked={checked.includes(c.value)} disabled={c.disabled} /> {c.label}
        </label>
      ))}
    </ChoiceFieldset>
  )
}
