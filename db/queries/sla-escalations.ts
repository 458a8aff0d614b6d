import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { Milestone } from '#app/domain/sla.ts'
import type { Executor } from '../executor.ts'
import { caseClocks, cases, memberships, membershipDepartments, users } from '../schema/index.ts'

type Tenant = { organizationId: string }

/**
 * A clock locked for notifying its milestones, with the case facts that pick the recipients.
 * The transaction commits without waiting for the disk: if a crash loses it, the clock row
 * loses its "notified" mark together with the notifications, and the sweep notifies again.
 */
export async function lockClockForEscalation(db: Executor, { organizationId, clockId }: Tenant & { clockId: string }) {
  await db.execute(sql`set local synchronous_commit to off`)
  const [row] = await db
    .select({
      clock: caseClocks,
      case: {
        id: cases.id,
        number: cases.number,
        submissionId: cases.submissionId,
        ownerDepartmentId: cases.ownerDepartmentId,
        ownerUserId: cases.ownerUserId,
      },
    })
    .from(caseClocks)
    .innerJoin(cases, eq(cases.id, caseClocks.caseId))
    .where(and(eq(caseClocks.organizationId, organizationId), eq(caseClocks.id, clockId)))
    .for('update', { of: caseClocks })
    .limit(1)
  return row
}

export async function recordClockEscalation(
  db: Executor,
  { organizationId, clockId, escalatedThrough, nextEscalationAt, now }: Tenant & { clockId: string; escalatedThrough: Milestone; nextEscalationAt: Date | null; now: Date },
) {
  await db
    .update(caseClocks)
    .set({ escalatedThrough, nextEscalationAt, updatedAt: now })
    .where(and(eq(caseClocks.organizationId, organizationId), eq(caseClocks.id, clockId)))
}

/**
 * Clocks with a milestone that has come and is not notified, earliest first, across hospitals
 * (the sweep is the platform's). Uses the partial index on next_escalation_at.
 */
export async function listClocksDueForEscalation(db: Executor, { now, limit }: { now: Date; limit: number }) {
  return db
    .select({ id: caseClocks.id, organizationId: caseClocks.organizationId })
    .from(caseClocks)
    .where(and(sql`${caseClocks.nextEscalationAt} is not null`, lte(caseClocks.nextEscalationAt, now), isNull(caseClocks.stoppedAt), isNull(caseClocks.pausedAt)))
    .orderBy(asc(caseClocks.nextEscalationAt))
    .limit(limit)
}

export async function listCaseClocks(db: Executor, { organizationId, caseId }: Tenant & { caseId: string }) {
  return db
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.organizationId, organizationId), eq(caseClocks.caseId, caseId)))
}

/** Active staff of a hospital with what picks escalation recipients: role, departments, email, language. */
export async function listEscalationCandidates(db: Executor, { organizationId }: Tenant) {
  const rows = await db
    .select({ membershipId: memberships.id, userId: users.id, role: memberships.role, email: users.email, name: users.name, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.active, true)))
  const ids = rows.map((r) => r.membershipId)
  const scopes = ids.length ? await db.select().from(membershipDepartments).where(inArray(membershipDepartments.membershipId, ids)) : []
  return rows.map((r) => ({ ...r, departmentIds: scopes.filter((s) => s.membershipId === r.membershipId).map((s) => s.departmentId) }))
}
