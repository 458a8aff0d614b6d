import { and, asc, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Database } from '../client.ts'
import type { Executor } from '../executor.ts'
import { attachments, caseNumberCounters, submissions, timelineEvents, trackingLinks } from '../schema/index.ts'

export type Submission = typeof submissions.$inferSelect
type Tenant = { organizationId: string }

/** The next sequence for a hospital and month; the row lock serialises concurrent submissions. */
export async function nextCaseSequence(db: Executor, { organizationId, yearMonth }: Tenant & { yearMonth: string }) {
  const [row] = await db
    .insert(caseNumberCounters)
    .values({ organizationId, yearMonth, lastSequence: 1 })
    .onConflictDoUpdate({
      target: [caseNumberCounters.organizationId, caseNumberCounters.yearMonth],
      set: { lastSequence: sql`${caseNumberCounters.lastSequence} + 1` },
    })
    .returning({ sequence: caseNumberCounters.lastSequence })
  return row!.sequence
}

/**
 * nextCaseSequence in its own short transaction that commits without waiting for the disk
 * (synchronous_commit off), so the counter row is locked for microseconds instead of a
 * whole submission's transaction and its flush. Safe: a submission that commits with the
 * number flushes the WAL, and with it this earlier increment; a crash can only lose an
 * increment whose number no committed submission uses. A failed submission leaves a gap.
 */
export async function allocateCaseSequence(db: Database, tenant: Tenant & { yearMonth: string }) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit to off`)
    return nextCaseSequence(tx, tenant)
  })
}

export async function insertSubmission(db: Executor, { organizationId, ...values }: Tenant & Omit<typeof submissions.$inferInsert, 'organizationId' | 'id'>) {
  const [row] = await db
    .insert(submissions)
    .values({ organizationId, ...values })
    .returning()
  return row!
}

export async function findSubmission(db: Executor, { organizationId, submissionId }: Tenant & { submissionId: string }) {
  const [row] = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.organizationId, organizationId), eq(submissions.id, submissionId)))
    .limit(1)
  return row
}

export async function findSubmissionByNumber(db: Executor, { organizationId, number }: Tenant & { number: string }) {
  const [row] = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.organizationId, organizationId), eq(submissions.number, number)))
    .limit(1)
  return row
}

export async function insertTrackingLink(db: Executor, values: Tenant & { submissionId: string; tokenHash: string }) {
  await db.insert(trackingLinks).values(values)
}

/** The submission a tracking token opens; the token is the only key (it carries no hospital). */
export async function findSubmissionByTrackingHash(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ submission: submissions })
    .from(trackingLinks)
    .innerJoin(submissions, eq(submissions.id, trackingLinks.submissionId))
    .where(eq(trackingLinks.tokenHash, tokenHash))
    .limit(1)
  return row?.submission
}

export async function insertTimelineEvent(db: Executor, { organizationId, ...values }: Tenant & Omit<typeof timelineEvents.$inferInsert, 'organizationId' | 'id'>) {
  const [row] = await db
    .insert(timelineEvents)
    .values({ organizationId, ...values })
    .returning()
  return row!
}

export async function listTimeline(db: Executor, { organizationId, submissionId, visibleToPatientOnly }: Tenant & { submissionId: string; visibleToPatientOnly: boolean }) {
  return db
    .select()
    .from(timelineEvents)
    .where(
      and(
        eq(timelineEvents.organizationId, organizationId),
        eq(timelineEvents.submissionId, submissionId),
        visibleToPatientOnly ? eq(timelineEvents.visibleToPatient, true) : undefined,
      ),
    )
    .orderBy(asc(timelineEvents.createdAt), asc(timelineEvents.seq))
}

export async function insertAttachments(
  db: Executor,
  rows: (Tenant & { submissionId: string; timelineEventId?: string | null; fileName: string; contentType: string; content: Buffer })[],
) {
  if (rows.length === 0) return []
  return db
    .insert(attachments)
    .values(rows.map((r) => ({ ...r, byteSize: r.content.byteLength })))
    .returning({ id: attachments.id, fileName: attachments.fileName, contentType: attachments.contentType, byteSize: attachments.byteSize, timelineEventId: attachments.timelineEventId })
}

/** Attachment metadata (no bytes) of a submission. */
export async function listAttachments(db: Executor, { organizationId, submissionId }: Tenant & { submissionId: string }) {
  return db
    .select({ id: attachments.id, fileName: attachments.fileName, contentType: attachments.contentType, byteSize: attachments.byteSize, timelineEventId: attachments.timelineEventId, createdAt: attachments.createdAt })
    .from(attachments)
    .where(and(eq(attachments.organizationId, organizationId), eq(attachments.submissionId, submissionId)))
    .orderBy(asc(attachments.createdAt))
}

export async function findAttachment(db: Executor, { organizationId, submissionId, attachmentId }: Tenant & { submissionId: string; attachmentId: string }) {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.organizationId, organizationId), eq(attachments.submissionId, submissionId), eq(attachments.id, attachmentId)))
    .limit(1)
  return row
}

/** Quick ratings of touchpoints since a time: count and mean per touchpoint (for the boards). */
export async function summarizeQuickRatings(db: Executor, { organizationId, since, touchpointIds }: Tenant & { since: Date; touchpointIds?: string[] }) {
  return db
    .select({ touchpointId: submissions.touchpointId, count: sql<number>`count(*)::int`, mean: sql<number>`avg(${submissions.rating})::float` })
    .from(submissions)
    .where(
      and(
        eq(submissions.organizationId, organizationId),
        eq(submissions.kind, 'rating'),
        isNotNull(submissions.touchpointId),
        gte(submissions.receivedAt, since),
        touchpointIds ? inArray(submissions.touchpointId, touchpointIds) : undefined,
      ),
    )
    .groupBy(submissions.touchpointId)
}

export async function listRecentSubmissions(db: Executor, { organizationId, limit = 50 }: Tenant & { limit?: number }) {
  return db.select().from(submissions).where(eq(submissions.organizationId, organizationId)).orderBy(desc(submissions.receivedAt)).limit(limit)
}
