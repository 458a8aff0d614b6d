import { and, asc, between, eq, sql } from 'drizzle-orm'
import type { CalendarOverrides } from '#app/domain/working-calendar.ts'
import type { Executor } from '../executor.ts'
import { calendarDays } from '../schema/index.ts'

export type CalendarDay = typeof calendarDays.$inferSelect
type Tenant = { organizationId: string }

/** A hospital's calendar changes, by date; only one year's when `year` is given. */
export async function listCalendarDays(db: Executor, { organizationId, year }: Tenant & { year?: number }) {
  return db
    .select()
    .from(calendarDays)
    .where(and(eq(calendarDays.organizationId, organizationId), year === undefined ? undefined : between(calendarDays.date, `${year}-01-01`, `${year}-12-31`)))
    .orderBy(asc(calendarDays.date))
}

/** The same as the date → working map the working-calendar functions take. */
export async function listCalendarOverrides(db: Executor, { organizationId }: Tenant): Promise<CalendarOverrides> {
  const rows = await db.select({ date: calendarDays.date, working: calendarDays.working }).from(calendarDays).where(eq(calendarDays.organizationId, organizationId))
  return new Map(rows.map((r) => [r.date, r.working]))
}

export async function findCalendarDay(db: Executor, { organizationId, date }: Tenant & { date: string }) {
  const [row] = await db
    .select()
    .from(calendarDays)
    .where(and(eq(calendarDays.organizationId, organizationId), eq(calendarDays.date, date)))
    .limit(1)
  return row
}

export async function upsertCalendarDay(
  db: Executor,
  { organizationId, date, working, note, updatedByUserId, updatedAt }: Tenant & { date: string; working: boolean; note: string | null; updatedByUserId: string | null; updatedAt: Date },
) {
  const [row] = await db
    .insert(calendarDays)
    .values({ organizationId, date, working, note, updatedByUserId, updatedAt })
    .onConflictDoUpdate({ target: [calendarDays.organizationId, calendarDays.date], set: { working, note, updatedByUserId, updatedAt } })
    .returning()
  return row!
}

/** Removes a change; the deleted row, or undefined when there was none. */
export async function deleteCalendarDay(db: Executor, { organizationId, date }: Tenant & { date: string }) {
  const [row] = await db
    .delete(calendarDays)
    .where(and(eq(calendarDays.organizationId, organizationId), eq(calendarDays.date, date)))
    .returning()
  return row
}

/**
 * Serialises deadline work on one hospital's calendar until the transaction ends: an edit
 * takes it exclusively, intake shared, so a case opened during an edit is either recomputed
 * by the edit or computed from the edited calendar. Only meaningful inside a transaction.
 */
export async function lockCalendar(tx: Executor, { organizationId, mode }: Tenant & { mode: 'shared' | 'exclusive' }) {
  const key = sql`hashtext('calendar_days'), hashtext(${organizationId})`
  await tx.execute(mode === 'shared' ? sql`select pg_advisory_xact_lock_shared(${key})` : sql`select pg_advisory_xact_lock(${key})`)
}
