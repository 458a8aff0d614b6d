import { useEffect, useRef, useState, type ChangeEvent, type FocusEvent, type FormEvent } from 'react'

type Errors = Record<string, string>

/** A field whose check depends on another: consent needs a phone or email (reported on the phone). */
const RELATED: Record<string, string[]> = { consentToContact: ['contactPhone'], contactEmail: ['contactPhone'] }

const BLUR_CHECK_DELAY_MS = 150

function focusFirstInvalid(form: HTMLFormElement, errors: Errors) {
  for (const el of Array.from(form.elements)) {
    const name = (el as HTMLInputElement).name
    if (name && errors[name] && el instanceof HTMLElement) {
      el.focus()
      return
    }
  }
}

/**
 * Inline validation once JavaScript runs: a field is checked when it loses focus (and fixed
 * errors disappear), the whole form on submit — which is stopped, with the first invalid field
 * focused, when something is wrong. The browser's own bubbles are turned off in favour of
 * the same translated messages the server gives. Without JavaScript none of this runs.
 */
export function useInlineValidation({ serverErrors, hasServerProblem, validate }: { serverErrors: Errors; hasServerProblem: boolean; validate: (form: HTMLFormElement) => Errors }) {
  const formRef = useRef<HTMLFormElement>(null)
  const summaryRef = useRef<HTMLDivElement>(null)
  const [errors, setErrors] = useState<Errors>(serverErrors)
  const [submitted, setSubmitted] = useState(hasServerProblem)

  useEffect(() => {
    if (formRef.current) formRef.current.noValidate = true
    if (hasServerProblem) summaryRef.current?.focus()
    // Only on mount: the form is re-mounted for each server answer.
  }, [])

  const recheck = (names: string[]) => {
    const form = formRef.current
    if (!form) return
    const all = validate(form)
    setErrors((prev) => {
      const next = { ...prev }
      for (const name of names) {
        if (all[name]) next[name] = all[name]
        else delete next[name]
      }
      return next
    })
  }

  const fieldName = (target: EventTarget) => {
    const name = (target as HTMLInputElement).name
    return name && name !== 'website' && name !== 'csrf' ? name : null
  }

  return {
    formRef,
    summaryRef,
    errors,
    submitted,
    onBlur(e: FocusEvent<HTMLFormElement>) {
      const name = fieldName(e.target)
      // A moment later: a message appearing at once would shift the page between the press and
      // the release on the submit button, and the tap would miss it.
      if (name) window.setTimeout(() => recheck([name, ...(RELATED[name] ?? [])]), BLUR_CHECK_DELAY_MS)
    },
    onChange(e: ChangeEvent<HTMLFormElement>) {
      const target = e.target as unknown as HTMLInputElement
      const name = fieldName(target)
      // Choices and files are settled on change; text fields wait for blur.
      if (name && (target.type === 'radio' || target.type === 'checkbox' || target.type === 'file' || errors[name])) recheck([name, ...(RELATED[name] ?? [])])
    },
    onSubmit(e: FormEvent<HTMLFormElement>) {
      const all = validate(e.currentTarget)
      if (Object.keys(all).length === 0) return
      e.preventDefault()
      setErrors(all)
      setSubmitted(true)
      focusFirstInvalid(e.currentTarget, all)
    },
  }
}
