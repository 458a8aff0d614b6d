import type { Executor } from '../executor.ts'
import { notifications } from '../schema/index.ts'

export type NotificationInsert = Omit<typeof notifications.$inferInsert, 'id' | 'readAt'>

/** In-app notifications (SLA warnings and escalations); the inbox reads them (notification-inbox.ts). */
export async function insertNotifications(db: Executor, rows: NotificationInsert[]) {
  if (rows.length === 0) return
  await db.insert(notifications).values(rows)
}
