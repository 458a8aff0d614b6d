import { and, asc, count, desc, eq, gte, isNotNull, lt, sql } from 'drizzle-orm'
import type { BoardSettingsOverrides, EvaluationWeights } from '#app/domain/board-settings.ts'
import type { Executor } from '../executor.ts'
import { boardRollups, cases, departments, evaluationComments, evaluationSnapshots, organizations, submissions, users } from '../schema/index.ts'

type Tenant = { organizationId: string }
/** A month's instants in the hospital's time zone: [from, to). */
type MonthRange = { from: Date; to: Date }

/** The month's rollup rows (every department × touchpoint), read by the primary key's prefix. */
export async function listMonthRollups(db: Executor, { organizationId, monthStart }: Tenant & { monthStart: string }) {
  return db
    .select()
    .from(boardRollups)
    .where(and(eq(boardRollups.organizationId, organizationId), eq(boardRollups.period, 'month'), eq(boardRollups.periodStart, monthStart)))
}

export async function listActiveDepartments(db: Executor, { organizationId }: Tenant) {
  return db
    .select({ id: departments.id, name: departments.name, nameEn: departments.nameEn, sortOrder: departments.sortOrder })
    .from(departments)
    .where(and(eq(departments.organizationId, organizationId), eq(departments.active, true)))
    .orderBy(asc(departments.sortOrder), asc(departments.name))
}

/** Valid complaints opened in the month that are attributed to a department or a person (cases_org_opened_idx). */
export async function listValidAttributedCases(db: Executor, { organizationId, from, to }: Tenant & MonthRange) {
  return db
    .select({ number: cases.number, attributedDepartmentId: cases.attributedDepartmentId, attributedUserId: cases.attributedUserId })
    .from(cases)
    .where(
      and(
        eq(cases.organizationId, organizationId),
        gte(cases.openedAt, from),
        lt(cases.openedAt, to),
        eq(cases.valid, true),
        sql`(${cases.attributedDepartmentId} is not null or ${cases.attributedUserId} is not null)`,
      ),
    )
}

/** Praise received in the month per matched staff member (submissions_org_received_idx). */
export async function listPraiseByPerson(db: Executor, { organizationId, from, to }: Tenant & MonthRange) {
  const praise = count()
  return db
    .select({ userId: users.id, name: users.name, praise })
    .from(submissions)
    .innerJoin(users, eq(users.id, submissions.praisedUserId))
    .where(and(eq(submissions.organizationId, organizationId), gte(submissions.receivedAt, from), lt(submissions.receivedAt, to), eq(submissions.kind, 'praise'), isNotNull(submissions.praisedUserId)))
    .groupBy(users.id, users.name)
}

export type EvaluationSnapshotRow = typeof evaluationSnapshots.$inferSelect

/** The month's standing (closed) snapshot, if any. */
export async function findClosedSnapshot(db: Executor, { organizationId, month }: Tenant & { month: string }) {
  const [row] = await db
    .select()
    .from(evaluationSnapshots)
    .where(and(eq(evaluationSnapshots.organizationId, organizationId), eq(evaluationSnapshots.month, month), eq(evaluationSnapshots.status, 'closed')))
    .limit(1)
  return row
}

/** Whether the month was ever closed (standing or re-opened): the scheduled close freezes a month only once. */
export async function hasAnySnapshot(db: Executor, { organizationId, month }: Tenant & { month: string }) {
  const [row] = await db
    .select({ id: evaluationSnapshots.id })
    .from(evaluationSnapshots)
    .where(and(eq(evaluationSnapshots.organizationId, organizationId), eq(evaluationSnapshots.month, month)))
    .limit(1)
  return row !== undefined
}

/** The month's re-opened snapshots, newest first (history shown under the page). */
export async function listReopenedSnapshots(db: Executor, { organizationId, month }: Tenant & { month: string }) {
  return db
    .select({ id: evaluationSnapshots.id, frozenAt: evaluationSnapshots.frozenAt, reopenedAt: evaluationSnapshots.reopenedAt, reopenReason: evaluationSnapshots.reopenReason })
    .from(evaluationSnapshots)
    .where(and(eq(evaluationSnapshots.organizationId, organizationId), eq(evaluationSnapshots.month, month), eq(evaluationSnapshots.status, 'reopened')))
    .orderBy(desc(evaluationSnapshots.frozenAt))
    .limit(20)
}

/**
 * Stores the month's snapshot unless one is already standing: the partial unique index makes two
 * concurrent closes end with one snapshot (the loser gets undefined).
 */
export async function insertClosedSnapshot(
  db: Executor,
  values: Tenant & { month: string; weights: EvaluationWeights; content: unknown; frozenAt: Date; frozenByUserId: string | null },
) {
  const [row] = await db
    .insert(evaluationSnapshots)
    .values({ ...values, status: 'closed' })
    .onConflictDoNothing()
    .returning()
  return row
}

/** Marks the standing snapshot re-opened; undefined when there was none (already re-opened). */
export async function reopenClosedSnapshot(db: Executor, { organizationId, month, at, userId, reason }: Tenant & { month: string; at: Date; userId: string; reason: string }) {
  const [row] = await db
    .update(evaluationSnapshots)
    .set({ status: 'reopened', reopenedAt: at, reopenedByUserId: userId, reopenReason: reason })
    .where(and(eq(evaluationSnapshots.organizationId, organizationId), eq(evaluationSnapshots.month, month), eq(evaluationSnapshots.status, 'closed')))
    .returning({ id: evaluationSnapshots.id, frozenAt: evaluationSnapshots.frozenAt })
  return row
}

export async function listEvaluationComments(db: Executor, { organizationId, month }: Tenant & { month: string }) {
  return db
    .select({ id: evaluationComments.id, departmentId: evaluationComments.departmentId, text: evaluationComments.text, createdAt: evaluationComments.createdAt, authorName: users.name })
    .from(evaluationComments)
    .leftJoin(users, eq(users.id, evaluationComments.authorUserId))
    .where(and(eq(evaluationComments.organizationId, organizationId), eq(evaluationComments.month, month)))
    .orderBy(asc(evaluationComments.createdAt))
    .limit(1000)
}

export async function insertEvaluationComment(db: Executor, values: Tenant & { month: string; departmentId: string; authorUserId: string; text: string; createdAt: Date }) {
  const [row] = await db.insert(evaluationComments).values(values).returning()
  return row!
}

/** Every hospital with its time zone (the month-close job walks them). */
export async function listHospitalsForMonthClose(db: Executor) {
  return db.select({ id: organizations.id, timeZone: organizations.timeZone }).from(organizations).orderBy(asc(organizations.createdAt))
}

/** The hospital's stored board settings (weights, public board, minimum responses). */
export async function findBoardSettings(db: Executor, { organizationId, forUpdate = false }: Tenant & { forUpdate?: boolean }) {
  const query = db.select({ boardSettings: organizations.boardSettings }).from(organizations).where(eq(organizations.id, organizationId)).limit(1)
  // Locked while saving, so two saves do not audit the same "before".
  const [row] = forUpdate ? await query.for('update') : await query
  return row?.boardSettings
}

export async function updateBoardSettings(db: Executor, { organizationId, boardSettings, now }: Tenant & { boardSettings: BoardSettingsOverrides; now: Date }) {
  await db.update(organizations).set({ boardSettings, updatedAt: now }).where(eq(organizations.id, organizationId))
}
