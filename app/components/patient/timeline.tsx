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

const KNOWN_EVENTS = [
  'received',
  'patient_added_info',
  'answer_sent',
  'sms_received',
  // The case workflow's decisions the patient is told about (case-events.server.ts).
  'accepted',
  'not_accepted',
  'responded',
  'closed',
  'resolved_on_the_spot',
  'reopened',
] as const
/** Events whose text is the hospital's words (a reason or an answer), introduced as such. */
const HOSPITAL_TEXT = ['not_accepted', 'responded', 'closed'] as const

/** The events meant for the patient, oldest first, with their files to download. */
export function Timeline({ entries, timeZone, attachmentHref }: { entries: TimelineEntry[]; timeZone: string; attachmentHref: (id: string) => string }) {
  const { t, i18n } = useTranslation('patient')
  const locale = i18n.language as Locale
  const label = (type: string) => ((KNOWN_EVENTS as readonly string[]).includes(type) ? t(`tracking.events.${type as (typeof KNOWN_EVENTS)[number]}`) : t('tracking.events.other'))
  const body = (type: string, text: string) =>
    (HOSPITAL_TEXT as readonly string[]).includes(type) ? t(`tracking.eventBody.${type as (typeof HOSPITAL_TEXT)[number]}`, { text }) : text
  return (
    <ol className="timeline">
      {entries.map((e) => (
        <li key={e.id} data-event={e.type}>
          <p className="timeline-head">
            <strong>{label(e.type)}</strong> <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, locale, timeZone)}</time>
          </p>
          {e.body ? <p className="timeline-body">{body(e.type, e.body)}</p> : null}
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
