import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import type { Locale } from '#app/domain/locales.ts'
import type { ClockKind, Milestone } from '#app/domain/sla.ts'
import { formatDateTime } from '#app/lib/format.ts'

/** One notification as the inbox page receives it (see notification-inbox.server.ts). */
export interface NotificationEntry {
  id: string
  caseId: string
  caseNumber: string
  milestone: Milestone
  clockKind: ClockKind
  department: { name: string; nameEn: string | null } | null
  dueAt: string
  createdAt: string
  read: boolean
}

/** "11月30日 10:00" / "Nov 30, 10:00": short enough for a line, in the hospital's time zone. */
function formatDue(value: string, locale: Locale, timeZone: string) {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(value))
}

/** "答复患者时限已过 75%（截止 11月30日 10:00）": which clock of the case reached which milestone. */
export function useNotificationText() {
  const { t, i18n } = useTranslation('notifications')
  const locale = i18n.language as Locale
  return (n: NotificationEntry, { warnPercent, timeZone }: { warnPercent: number; timeZone: string }) => {
    const department = n.department ? (locale === 'en' && n.department.nameEn ? n.department.nameEn : n.department.name) : null
    const clock = n.clockKind === 'findings' ? (department ? t('clocks.findings', { department }) : t('clocks.findingsNoDepartment')) : t(`clocks.${n.clockKind}`)
    return t(`milestones.${n.milestone}`, { clock, percent: warnPercent, due: formatDue(n.dueAt, locale, timeZone) })
  }
}

/** One notification: unread ones stand out and carry their own "mark as read" form (works without JavaScript). */
export function NotificationItem({ entry, caseHref, page, warnPercent, timeZone }: { entry: NotificationEntry; caseHref: string; page: number; warnPercent: number; timeZone: string }) {
  const { t, i18n } = useTranslation('notifications')
  const text = useNotificationText()
  const unread = !entry.read
  return (
    <li
      className="card"
      data-notification={entry.id}
      data-read={String(entry.read)}
      style={unread ? { borderLeft: '4px solid var(--green)', background: 'var(--notice)' } : { color: 'var(--muted)' }}
    >
      <p style={{ margin: 0, fontWeight: unread ? 600 : 400 }}>
        {unread ? (
          <>
            <span className="pill">{t('unread')}</span>{' '}
          </>
        ) : null}
        <Link to={caseHref}>{t('caseLabel', { number: entry.caseNumber })}</Link>
        {t('separator')}
        <span data-notification-text="true">{text(entry, { warnPercent, timeZone })}</span>
      </p>
      <p className="hint">
        <time dateTime={entry.createdAt}>{t('notifiedAt', { date: formatDateTime(entry.createdAt, i18n.language as Locale, timeZone) })}</time>
      </p>
      {unread ? (
        <Form method="post" style={{ marginTop: '0.5rem' }}>
          <CsrfInput />
          <input type="hidden" name="intent" value="read" />
          <input type="hidden" name="notificationId" value={entry.id} />
          <input type="hidden" name="page" value={page} />
          <button type="submit" className="secondary" aria-label={t('markReadLabel', { number: entry.caseNumber })}>
            {t('markRead')}
          </button>
        </Form>
      ) : null}
    </li>
  )
}
