import { and, asc, eq, sql } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { caseClocks, caseDepartments, cases, timelineEvents } from '../schema/index.ts'

type Tenant = { organizationId: string }
export type CaseRow = typeof cases.$inferSelect
export type CaseClockRow = typeof caseClocks.$inferSelect
export type CaseDepartmentRow = typeof caseDepartments.$inferSelect
export type CaseChanges = Partial<Omit<typeof cases.$inferInsert, 'id' | 'organizationId' | 'submissionId' | 'number'>>
export type ClockValues = Omit<typeof caseClocks.$inferInsert, 'id' | 'organizationId' | 'caseId' | 'createdAt' | 'updatedAt'>

/** A case locked FOR UPDATE (actions on one case run one after another) with its clocks and involved departments. */
export async function lockCaseForAction(db: Executor, { organizationId, caseId }: Tenant & { caseId: string }) {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.organizationId, organizationId), eq(cases.id, caseId)))
    .for('update')
    .limit(1)
  if (!row) return undefined
  const [clocks, involved] = await Promise.all([
    db.select().from(caseClocks).where(and(eq(caseClocks.organizationId, organizationId), eq(caseClocks.caseId, caseId))),
    db
      .select()
      .from(caseDepartments)
      .where(and(eq(caseDepartments.organizationId, organizationId), eq(caseDepartments.caseId, caseId)))
      .orderBy(asc(caseDepartments.involvedAt)),
  ])
  return { case: row, clocks, involved }
}

export async function updateCase(db: Executor, { organizationId, caseId, changes }: Tenant & { caseId: string; changes: CaseChanges }) {
  const [row] = await db
    .update(cases)
    .set(changes)
    .where(and(eq(cases.organizationId, organizationId), eq(cases.id, caseId)))
    .returning()
  return row
}

/** Inserts or replaces clocks by their key (case, kind, department). */
export async function upsertCaseClocks(db: Executor, { organizationId, caseId, clocks, now }: Tenant & { caseId: string; clocks: ClockValues[]; now: Date }): Promise<CaseClockRow[]> {
  if (clocks.length === 0) return []
  return db
    .insert(caseClocks)
    .values(clocks.map((c) => ({ ...c, organizationId, caseId, createdAt: now, updatedAt: now })))
    .onConflictDoUpdate({
      target: [caseClocks.caseId, caseClocks.kind, caseClocks.departmentId],
      set: {
        startedAt: sql`excluded.started_at`,
        durationMinutes: sql`excluded.duration_minutes`,
        pausedMinutes: sql`excluded.paused_minutes`,
        pausedAt: sql`excluded.paused_at`,
        stoppedAt: sql`excluded.stopped_at`,
        dueAt: sql`excluded.due_at`,
        warnAt: sql`excluded.warn_at`,
        overdueAt: sql`excluded.overdue_at`,
        escalatedThrough: sql`excluded.escalated_through`,
        nextEscalationAt: sql`excluded.next_escalation_at`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning()
}

/** Involves departments; one involved again (after giving findings) starts over without findings. */
export async function involveCaseDepartments(db: Executor, { organizationId, caseId, departmentIds, at }: Tenant & { caseId: string; departmentIds: string[]; at: Date }) {
  if (departmentIds.length === 0) return
  await db
    .insert(caseDepartments)
    .values(departmentIds.map((departmentId) => ({ organizationId, caseId, departmentId, involvedAt: at })))
    .onConflictDoUpdate({
      target: [caseDepartments.caseId, caseDepartments.departmentId],
      set: { involvedAt: at, findings: null, findingsRecordedAt: null, findingsByUserId: null },
    })
}

export async function recordCaseDepartmentFindings(
  db: Executor,
  { organizationId, caseId, departmentId, findings, byUserId, at }: Tenant & { caseId: string; departmentId: string; findings: string; byUserId: string; at: Date },
) {
  await db
    .update(caseDepartments)
    .set({ findings, findingsRecordedAt: at, findingsByUserId: byUserId })
    .where(and(eq(caseDepartments.organizationId, organizationId), eq(caseDepartments.caseId, caseId), eq(caseDepartments.departmentId, departmentId)))
}

export async function insertTimelineEvents(db: Executor, { organizationId, events }: Tenant & { events: Omit<typeof timelineEvents.$inferInsert, 'organizationId' | 'id'>[] }) {
  if (events.length === 0) return
  await db.insert(timelineEvents).values(events.map((e) => ({ ...e, organizationId })))
}

/** A hospital's clocks that still run or are paused (not stopped), for recomputing after a calendar edit. */
export async function listUnstoppedClocks(db: Executor, { organizationId }: Tenant) {
  return db
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.organizationId, organizationId), sql`${caseClocks.stoppedAt} is null`))
}

const DUE_BATCH = 1000

export interface ClockMoments {
  id: string
  dueAt: Date | null
  warnAt: Date | null
  overdueAt: Date | null
  nextEscalationAt: Date | null
}

const ts = (d: Date | null) => (d ? sql`${d.toISOString()}::timestamptz` : sql`null::timestamptz`)

/** New milestone moments for clocks (after a calendar edit), a batch per statement. */
export async function updateClockMoments(db: Executor, { organizationId, clocks, now }: Tenant & { clocks: ClockMoments[]; now: Date }) {
  for (let i = 0; i < clocks.length; i += DUE_BATCH) {
    const values = sql.join(
      clocks.slice(i, i + DUE_BATCH).map((c) => sql`(${c.id}::uuid, ${ts(c.dueAt)}, ${ts(c.warnAt)}, ${ts(c.overdueAt)}, ${ts(c.nextEscalationAt)})`),
      sql`, `,
    )
    await db.execute(sql`
      update ${caseClocks} set due_at = v.due, warn_at = v.warn, overdue_at = v.overdue, next_escalation_at = v.next, updated_at = ${now.toISOString()}::timestamptz
      from (values ${values}) as v(id, due, warn, overdue, next)
      where ${caseClocks.id} = v.id and ${caseClocks.organizationId} = ${organizationId}`)
  }
}
