import { and, desc, eq, gte, sql } from 'drizzle-orm'
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

const UPDATE_BATCH = 1000

/** Sets new answer deadlines, a batch of cases per statement. */
export async function updateCaseAnswerDeadlines(db: Executor, { organizationId, deadlines, updatedAt }: Tenant & { deadlines: { id: string; answerDueAt: Date }[]; updatedAt: Date }) {
  for (let i = 0; i < deadlines.length; i += UPDATE_BATCH) {
    const values = sql.join(
      deadlines.slice(i, i + UPDATE_BATCH).map((d) => sql`(${d.id}::uuid, ${d.answerDueAt.toISOString()}::timestamptz)`),
      sql`, `,
    )
    await db.execute(sql`
      update ${cases} set answer_due_at = v.due, updated_at = ${updatedAt.toISOString()}::timestamptz
      from (values ${values}) as v(id, due)
      where ${cases.id} = v.id and ${cases.organizationId} = ${organizationId}`)
  }
}
