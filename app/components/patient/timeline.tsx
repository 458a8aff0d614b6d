import { useTranslation } from 'react-i18next'
import type { Locale } from '#app/domain/locales.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { formatFileSize } from './attachments-input.tsx'

export interface TimelineEntry {
  id: string
  type: string
  body: string | null
  createdAt: string
  attachments: { id: string; fileName: string; contentType: string; byteSize: number }[]
}

const KNOWN_EVENTS = ['received', 'patient_added_info', 'answer_sent', 'sms_received'] as const

/** The events meant for the patient, oldest first, with their files to download. */
export function Timeline({ entries, timeZone, attachmentHref }: { entries: TimelineEntry[]; timeZone: string; attachmentHref: (id: string) => string }) {
  const { t, i18n } = useTranslation('patient')
  const locale = i18n.language as Locale
  const label = (type: string) => ((KNOWN_EVENTS as readonly string[]).includes(type) ? t(`tracking.events.${type as (typeof KNOWN_EVENTS)[number]}`) : t('tracking.events.other'))
  return (
    <ol className="timeline">
      {entries.map((e) => (
        <li key={e.id} data-event={e.type}>
          <p className="timeline-head">
            <strong>{label(e.type)}</strong> <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, locale, timeZone)}</time>
          </p>
          {e.body ? <p className="timeline-body">{e.body}</p> : null}
          {e.attachments.length ? (
            <ul className="files" aria-label={t('tracking.attachments')}>
              {e.attachments.map((a) => (
                <li key={a.id}>
                  <a href={attachmentHref(a.id)}>
                    {a.fileName}
                  </a>{' '}
                  <span className="hint">({formatFileSize(a.byteSize, locale)})</span>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  )
}
