import { and, desc, eq, gte } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { cases, submissions } from '../schema/index.ts'

export type Case = typeof cases.$inferSelect
type Tenant = { organizationId: string }

export async function insertCase(db: Executor, { organizationId, ...values }: Tenant & Omit<typeof cases.$inferInsert, 'organizationId' | 'id'>) {
  const [row] = await db
    .insert(cases)
    .values({ organizationId, ...values })
    .returning()
  return row!
}

export async function findCaseBySubmission(db: Executor, { organizationId, submissionId }: Tenant & { submissionId: string }) {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.organizationId, organizationId), eq(cases.submissionId, submissionId)))
    .limit(1)
  return row
}

export async function findCaseByNumber(db: Executor, { organizationId, number }: Tenant & { number: string }) {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.organizationId, organizationId), eq(cases.number, number)))
    .limit(1)
  return row
}

/** The newest case opened since `since` whose complainant gave this phone number. */
export async function findRecentCaseByPhone(db: Executor, { organizationId, phone, since }: Tenant & { phone: string; since: Date }) {
  const [row] = await db
    .select({ case: cases, submission: submissions })
    .from(cases)
    .innerJoin(submissions, eq(submissions.id, cases.submissionId))
    .where(and(eq(cases.organizationId, organizationId), eq(submissions.contactPhone, phone), gte(cases.openedAt, since)))
    .orderBy(desc(cases.openedAt))
    .limit(1)
  return row
}
