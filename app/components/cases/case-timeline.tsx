import { useTranslation } from 'react-i18next'
import type { AnswerChannel } from '#app/domain/case-answer.ts'
import type { Channel } from '#app/domain/intake.ts'
import type { ClockKind, Milestone } from '#app/domain/sla.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { CaseAttachments, type CaseAttachment } from './case-attachments.tsx'
import { useCaseNames, type PartyRef } from './case-names.tsx'
import { MULTILINE } from './case-text.tsx'

export interface CaseTimelineEvent {
  id: string
  type: string
  createdAt: string
  actorUserId: string | null
  body: string | null
  visibleToPatient: boolean
  fromPatient: boolean
  attachments: CaseAttachment[]
  details: {
    from?: PartyRef
    to?: PartyRef
    departmentIds?: string[]
    departmentId?: string | null
    text?: string | null
    remedy?: string | null
    via?: AnswerChannel | null
    urgent?: boolean
    valid?: boolean
    clockKind?: ClockKind
    milestone?: Milestone
    channel?: Channel | null
  }
}

const KNOWN_EVENTS = [
  'received',
  'patient_added_info',
  'sms_received',
  'answer_sent',
  'accepted',
  'not_accepted',
  'investigation_started',
  'departments_involved',
  'findings_recorded',
  'responded',
  'patient_notified',
  'closed',
  'reopened',
  'on_hold',
  'resumed',
  'resolved_on_the_spot',
  'urgency_changed',
  'handed_over',
  'assigned',
  'owner_changed',
  'internal_note',
  'sla_escalated',
] as const
type KnownEvent = (typeof KNOWN_EVENTS)[number]
const isKnown = (type: string): type is KnownEvent => (KNOWN_EVENTS as readonly string[]).includes(type)

/** What an event adds beyond its title: owner change, departments, clock, channel… */
function EventDetails({ event }: { event: CaseTimelineEvent }) {
  const { t } = useTranslation(['casePage', 'cases', 'intake'])
  const { party, department } = useCaseNames()
  const d = event.details
  const lines: string[] = []
  if (d.from || d.to) lines.push(t('timeline.ownerChange', { from: party(d.from), to: party(d.to) }))
  if (d.departmentIds?.length) lines.push(t('timeline.departments', { departments: d.departmentIds.map(department).join(t('timeline.listSeparator')) }))
  if (d.departmentId && event.type !== 'sla_escalated') lines.push(t('timeline.department', { department: department(d.departmentId) }))
  if (d.clockKind && d.milestone) {
    const clock = d.clockKind === 'findings' && d.departmentId ? t('clocks.findingsOf', { department: department(d.departmentId) }) : t(`cases:clocks.${d.clockKind}`)
    lines.push(t('timeline.escalation', { clock, milestone: t(`timeline.milestones.${d.milestone}`) }))
  }
  if (d.channel) lines.push(t('timeline.channel', { channel: t(`intake:channels.${d.channel}`) }))
  if (d.urgent !== undefined) lines.push(d.urgent ? t('timeline.urgentOn') : t('timeline.urgentOff'))
  if (d.valid !== undefined) lines.push(d.valid ? t('outcome.validYes') : t('outcome.validNo'))
  if (d.via) lines.push(t('timeline.via', { via: t(`via.${d.via}`) }))
  const isOwnerChange = Boolean(d.from || d.to)
  return (
    <>
      {lines.map((line) => (
        <p key={line} className="timeline-detail">
          {line}
        </p>
      ))}
      {d.text ? <p className="timeline-body" style={MULTILINE}>{d.text}</p> : null}
      {d.remedy ? <p className="timeline-body" style={MULTILINE}>{t('timeline.remedy', { remedy: d.remedy })}</p> : null}
      {event.body ? <p className="timeline-body" style={MULTILINE}>{isOwnerChange ? t('timeline.reason', { reason: event.body }) : event.body}</p> : null}
    </>
  )
}

/** Everything that happened to the case, oldest first: who did what, the patient's additions marked as theirs. */
export function CaseTimeline({ events, attachmentHref }: { events: CaseTimelineEvent[]; attachmentHref: (id: string) => string }) {
  const { t } = useTranslation('casePage')
  const { user, locale, timeZone } = useCaseNames()
  return (
    <section className="card" aria-labelledby="case-timeline">
      <h2 id="case-timeline">{t('timeline.title')}</h2>
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.id} data-event={e.type} className={e.fromPatient ? 'from-patient' : e.type === 'internal_note' ? 'internal-note' : undefined}>
            <p className="timeline-head">
              <strong>{isKnown(e.type) ? t(`timeline.events.${e.type}`) : t('timeline.events.other')}</strong>{' '}
              <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, locale, timeZone)}</time>{' '}
              {e.fromPatient ? (
                <span className="pill" data-from-patient>
                  {t('timeline.fromPatient')}
                </span>
              ) : (
                <span className="pill">{e.visibleToPatient ? t('timeline.visibleToPatient') : t('timeline.internal')}</span>
              )}
            </p>
            {e.actorUserId ? <p className="hint">{t('timeline.by', { name: user(e.actorUserId) })}</p> : null}
            <EventDetails event={e} />
            <CaseAttachments files={e.attachments} href={attachmentHref} label={t('timeline.attachments')} />
          </li>
        ))}
      </ol>
    </section>
  )
}
