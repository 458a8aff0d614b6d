import { and, count, desc, eq, isNull } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { cases, departments, notifications } from '../schema/index.ts'

/** Every inbox query is for one user in one hospital: both are required. */
type Recipient = { organizationId: string; userId: string }

const mine = ({ organizationId, userId }: Recipient) => and(eq(notifications.organizationId, organizationId), eq(notifications.userId, userId))

/** A user's notifications, newest first, with the case number and (for a findings clock) the department. */
export async function listInboxNotifications(db: Executor, recipient: Recipient & { limit: number; offset: number }) {
  return db
    .select({
      id: notifications.id,
      caseId: notifications.caseId,
      caseNumber: cases.number,
      milestone: notifications.milestone,
      clockKind: notifications.clockKind,
      departmentName: departments.name,
      departmentNameEn: departments.nameEn,
      dueAt: notifications.dueAt,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .innerJoin(cases, and(eq(cases.id, notifications.caseId), eq(cases.organizationId, notifications.organizationId)))
    .leftJoin(departments, and(eq(departments.id, notifications.departmentId), eq(departments.organizationId, notifications.organizationId)))
    .where(mine(recipient))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(recipient.limit)
    .offset(recipient.offset)
}

export async function countUnreadInboxNotifications(db: Executor, recipient: Recipient) {
  const [row] = await db
    .select({ unread: count() })
    .from(notifications)
    .where(and(mine(recipient), isNull(notifications.readAt)))
  return row?.unread ?? 0
}

/** Marks one of the user's notifications read (an already read one keeps its time); undefined when it is not theirs. */
export async function markInboxNotificationRead(db: Executor, recipient: Recipient & { notificationId: string; at: Date }) {
  const [row] = await db
    .select({ id: notifications.id, readAt: notifications.readAt })
    .from(notifications)
    .where(and(mine(recipient), eq(notifications.id, recipient.notificationId)))
    .limit(1)
  if (!row) return undefined
  if (row.readAt) return row
  const [updated] = await db
    .update(notifications)
    .set({ readAt: recipient.at })
    .where(and(mine(recipient), eq(notifications.id, recipient.notificationId), isNull(notifications.readAt)))
    .returning({ id: notifications.id, readAt: notifications.readAt })
  return updated ?? row
}

/** Marks all of the user's unread notifications read; returns how many. */
export async function markAllInboxNotificationsRead(db: Executor, recipient: Recipient & { at: Date }) {
  const rows = await db
    .update(notifications)
    .set({ readAt: recipient.at })
    .where(and(mine(recipient), isNull(notifications.readAt)))
    .returning({ id: notifications.id })
  return rows.length
}
