import { z } from 'zod'
import type { ClockKind, Milestone } from '#app/domain/sla.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { countUnreadInboxNotifications, listInboxNotifications, markAllInboxNotificationsRead, markInboxNotificationRead } from '#db/queries/notification-inbox.ts'
import { loadSlaSettings } from './sla-settings.server.ts'

/**
 * The in-app notification inbox: SLA warnings and escalations the escalation worker made for a
 * user. A user only ever reads and marks their own, in the hospital they are signed into.
 */
export const INBOX_PAGE_SIZE = 50
const MAX_PAGE = 10_000

type Recipient = { organizationId: string; userId: string }

export interface InboxNotification {
  id: string
  caseId: string
  caseNumber: string
  milestone: Milestone
  clockKind: ClockKind
  /** For a findings clock: the department whose findings are due. */
  department: { name: string; nameEn: string | null } | null
  dueAt: string
  createdAt: string
  read: boolean
}

export interface NotificationInbox {
  items: InboxNotification[]
  unread: number
  page: number
  hasMore: boolean
  /** The hospital's warning point, for "75% of the time has passed". */
  warnPercent: number
}

/** `?page=` as a page number from 1; anything else is the first page. */
export function parseInboxPage(raw: string | null): number {
  const page = raw && /^\d{1,5}$/.test(raw) ? Number(raw) : 1
  return Math.min(Math.max(page, 1), MAX_PAGE)
}

export async function loadNotificationInbox(ctx: AppContext, { organizationId, userId, page }: Recipient & { page: number }): Promise<NotificationInbox> {
  const [rows, unread, sla] = await Promise.all([
    listInboxNotifications(ctx.db, { organizationId, userId, limit: INBOX_PAGE_SIZE + 1, offset: (page - 1) * INBOX_PAGE_SIZE }),
    countUnreadInboxNotifications(ctx.db, { organizationId, userId }),
    loadSlaSettings(ctx, organizationId),
  ])
  const items = rows.slice(0, INBOX_PAGE_SIZE).map(
    (r): InboxNotification => ({
      id: r.id,
      caseId: r.caseId,
      caseNumber: r.caseNumber,
      milestone: r.milestone,
      clockKind: r.clockKind,
      department: r.departmentName ? { name: r.departmentName, nameEn: r.departmentNameEn } : null,
      dueAt: r.dueAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
      read: r.readAt !== null,
    }),
  )
  return { items, unread, page, hasMore: rows.length > INBOX_PAGE_SIZE, warnPercent: sla.values.warnAtPercent }
}

/** For the badge in the hospital layout. */
export function countUnreadNotifications(ctx: AppContext, recipient: Recipient): Promise<number> {
  return countUnreadInboxNotifications(ctx.db, recipient)
}

/** What the inbox's forms post. */
export const inboxActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('read'), notificationId: z.uuid() }),
  z.object({ intent: z.literal('readAll') }),
])
export type InboxAction = z.infer<typeof inboxActionSchema>

/** Marks one notification or all of them read; a notification that is not the user's is not found. */
export async function performInboxAction(ctx: AppContext, recipient: Recipient, action: InboxAction): Promise<{ ok: true; marked: number } | { ok: false; notFound: true }> {
  const at = ctx.clock.now()
  if (action.intent === 'readAll') return { ok: true, marked: await markAllInboxNotificationsRead(ctx.db, { ...recipient, at }) }
  const row = await markInboxNotificationRead(ctx.db, { ...recipient, notificationId: action.notificationId, at })
  return row ? { ok: true, marked: 1 } : { ok: false, notFound: true }
}
