import { useTranslation } from 'react-i18next'
import type { ClockKind, SlaBadge } from '#app/domain/sla.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { useCaseNames } from './case-names.tsx'
import { SlaBadgeLabel } from './sla-badge.tsx'

export interface CaseClock {
  kind: ClockKind
  departmentId: string | null
  badge: SlaBadge
  startedAt: string
  dueAt: string | null
  pausedAt: string | null
  stoppedAt: string | null
  remainingMs: number
}

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
/** Working days count 24 working hours (sla.ts). */
const DAY_MS = 24 * HOUR_MS

/** "2 working days 3 h" from working milliseconds (the sign is the caller's). */
export function useWorkingAmount() {
  const { t } = useTranslation('casePage')
  return (ms: number) => {
    const abs = Math.abs(ms)
    const days = Math.floor(abs / DAY_MS)
    const hours = Math.floor((abs % DAY_MS) / HOUR_MS)
    const minutes = Math.floor((abs % HOUR_MS) / MINUTE_MS)
    const parts: string[] = []
    if (days) parts.push(days === 1 ? t('amount.day') : t('amount.days', { count: days }))
    if (hours) parts.push(t('amount.hours', { count: hours }))
    if (!days && minutes) parts.push(t('amount.minutes', { count: minutes }))
    return parts.length ? parts.join(' ') : t('amount.underAMinute')
  }
}

/** The clock's badge in words (on time, due soon, overdue, paused, met, missed). */
export function ClockBadge({ badge }: { badge: SlaBadge }) {
  return (
    <span data-badge={badge}>
      <SlaBadgeLabel badge={badge} />
    </span>
  )
}

/** Badge, due moment in the hospital's time zone, and working time left (or by how much it is late). */
export function ClockState({ clock }: { clock: CaseClock }) {
  const { t } = useTranslation('casePage')
  const { locale, timeZone } = useCaseNames()
  const amount = useWorkingAmount()
  const at = (iso: string) => formatDateTime(iso, locale, timeZone)
  let line: string
  if (clock.stoppedAt) line = clock.badge === 'missed' ? t('clocks.finishedLate', { at: at(clock.stoppedAt), amount: amount(clock.remainingMs) }) : t('clocks.finished', { at: at(clock.stoppedAt) })
  else if (clock.pausedAt) line = `${t('clocks.pausedDue')} ${t('clocks.leftWhenPaused', { amount: amount(clock.remainingMs) })}`
  else line = clock.remainingMs > 0 ? t('clocks.left', { amount: amount(clock.remainingMs) }) : t('clocks.overdueBy', { amount: amount(clock.remainingMs) })
  return (
    <span className="clock-state">
      <ClockBadge badge={clock.badge} /> {clock.dueAt ? <time dateTime={clock.dueAt}>{t('clocks.due', { at: at(clock.dueAt) })}</time> : null} <span className="clock-left">{line}</span>
    </span>
  )
}

/** Every SLA clock of the case: first contact, answer, and each department's findings. */
export function CaseClocks({ clocks }: { clocks: CaseClock[] }) {
  const { t } = useTranslation(['casePage', 'cases'])
  const { department } = useCaseNames()
  const label = (c: CaseClock) => (c.kind === 'findings' ? t('clocks.findingsOf', { department: department(c.departmentId) }) : t(`cases:clocks.${c.kind}`))
  return (
    <section className="card" aria-labelledby="case-clocks">
      <h2 id="case-clocks">{t('clocks.title')}</h2>
      <p className="hint">{t('clocks.intro')}</p>
      {clocks.length === 0 ? (
        <p>{t('clocks.none')}</p>
      ) : (
        <ul className="plain-list">
          {clocks.map((c) => (
            <li key={`${c.kind}-${c.departmentId ?? ''}`} data-clock={c.kind} data-clock-department={c.departmentId ?? undefined}>
              <strong>{label(c)}</strong> <ClockState clock={c} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
