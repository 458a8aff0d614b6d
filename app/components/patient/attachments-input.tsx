import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ATTACHMENT_MAX_BYTES, MAX_ATTACHMENTS } from '#app/domain/intake.ts'
import { formatNumber } from '#app/lib/format.ts'
import type { Locale } from '#app/domain/locales.ts'
import { describedBy, FieldError, fieldId, Hint } from './form-parts.tsx'

// A hint for the file picker only: the server decides by the file's bytes.
const ACCEPT = 'image/jpeg,image/png,image/heic,image/heif,.jpg,.jpeg,.png,.heic,.heif,application/pdf,.pdf'
const MAX_MB = ATTACHMENT_MAX_BYTES / 1024 / 1024

export function formatFileSize(bytes: number, locale: Locale) {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), locale)} KB`
  return `${formatNumber(bytes / 1024 / 1024, locale, { maximumFractionDigits: 1 })} MB`
}

/** Client-side hints (count and size) for the chosen files, in the reader's language. */
export function checkChosenFiles(input: unknown, t: (key: string, values?: Record<string, unknown>) => string): string | undefined {
  if (!(input instanceof HTMLInputElement) || !input.files) return undefined
  const files = [...input.files]
  if (files.length > MAX_ATTACHMENTS) return t('intake:errors.tooManyFiles', { max: MAX_ATTACHMENTS })
  const big = files.filter((f) => f.size > ATTACHMENT_MAX_BYTES)
  return big.length ? big.map((f) => t('intake:errors.fileTooLarge', { name: f.name, max: MAX_MB })).join(' ') : undefined
}

/** Up to three photos or PDFs. After an error the browser cannot keep chosen files: say so. */
export function AttachmentsInput({ name = 'attachments', error, filesDropped }: { name?: string; error?: string | undefined; filesDropped?: boolean }) {
  const { t, i18n } = useTranslation('patient')
  const [chosen, setChosen] = useState<{ name: string; size: number }[]>([])
  const droppedId = `${fieldId(name)}-dropped`
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={fieldId(name)}>{t('form.attachments')}</label>
      <input
        id={fieldId(name)}
        type="file"
        name={name}
        multiple
        accept={ACCEPT}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, { hint: true, error, extra: filesDropped ? [droppedId] : [] })}
        onChange={(e) => setChosen([...(e.currentTarget.files ?? [])].map((f) => ({ name: f.name, size: f.size })))}
      />
      <Hint name={name}>{t('form.attachmentsHint', { max: MAX_ATTACHMENTS, size: MAX_MB })}</Hint>
      {filesDropped ? (
        <p className="warning" id={droppedId}>
          {t('form.filesDropped')}
        </p>
      ) : null}
      {chosen.length ? (
        <ul className="chosen-files">
          {chosen.map((f, i) => (
            <li key={`${f.name}-${i}`}>{t('form.selectedFile', { name: f.name, size: formatFileSize(f.size, i18n.language as Locale) })}</li>
          ))}
        </ul>
      ) : null}
      <FieldError name={name} error={error} />
    </div>
  )
}
