import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { describedBy, FieldError, fieldId, Hint } from './form-parts.tsx'

/** Announce the remaining characters only near the limit, and only once typing pauses. */
const ANNOUNCE_BELOW_SHARE = 0.1
const ANNOUNCE_AFTER_MS = 1200

/**
 * A textarea with a character counter. Without JavaScript the counter is the static limit
 * ("最多 2000 字"); with it, a live count, announced politely only close to the limit.
 */
export function TextAreaWithCounter({
  name,
  label,
  hint,
  error,
  max,
  defaultValue,
  rows = 6,
  required = false,
}: {
  name: string
  label: string
  hint?: string
  error?: string | undefined
  max: number
  defaultValue?: string | undefined
  rows?: number
  required?: boolean
}) {
  const { t } = useTranslation('patient')
  const ref = useRef<HTMLTextAreaElement>(null)
  const [count, setCount] = useState<number | null>(null)
  const [announcement, setAnnouncement] = useState('')
  useEffect(() => setCount(ref.current?.value.length ?? 0), [])
  useEffect(() => {
    if (count === null || max - count > max * ANNOUNCE_BELOW_SHARE) return setAnnouncement('')
    const timer = setTimeout(() => setAnnouncement(t('form.counterLeft', { count: max - count })), ANNOUNCE_AFTER_MS)
    return () => clearTimeout(timer)
  }, [count, max, t])
  const counterId = `${fieldId(name)}-counter`
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={fieldId(name)}>{label}</label>
      <textarea
        ref={ref}
        id={fieldId(name)}
        name={name}
        rows={rows}
        maxLength={max}
        required={required}
        defaultValue={defaultValue ?? ''}
        onInput={(e) => setCount(e.currentTarget.value.length)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, { hint: !!hint, error, extra: [counterId] })}
      />
      {hint ? <Hint name={name}>{hint}</Hint> : null}
      <p className="hint counter" id={counterId}>
        {count === null ? t('form.textLimit', { max }) : t('form.counter', { count, max })}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <FieldError name={name} error={error} />
    </div>
  )
}
