import { and, eq, lt, sql } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { outboundMessages } from '../schema/index.ts'

export type OutboundMessage = typeof outboundMessages.$inferSelect

export async function insertOutboundMessage(db: Executor, values: typeof outboundMessages.$inferInsert) {
  const [row] = await db.insert(outboundMessages).values(values).returning()
  return row!
}

/**
 * Locks the row until the transaction ends, so two workers never deliver the same message at
 * once. Workers look messages up by id alone: a message may belong to no hospital.
 */
export async function lockOutboundMessage(db: Executor, { messageId }: { messageId: string }) {
  const [row] = await db.select().from(outboundMessages).where(eq(outboundMessages.id, messageId)).for('update').limit(1)
  return row
}

export async function markMessageSent(
  db: Executor,
  { messageId, ...values }: { messageId: string; transport: string; providerMessageId: string | null; sentAt: Date },
) {
  await db
    .update(outboundMessages)
    .set({ status: 'sent', ...values, attempts: sql`${outboundMessages.attempts} + 1`, lastError: null })
    .where(eq(outboundMessages.id, messageId))
}

/** The recipient opted out of SMS (TD/退订/STOP): nothing was sent and nothing will be. */
export async function markMessageSuppressed(db: Executor, { messageId }: { messageId: string }) {
  await db.update(outboundMessages).set({ status: 'suppressed' }).where(and(eq(outboundMessages.id, messageId), eq(outboundMessages.status, 'queued')))
}

/** Only a still-queued message changes: an attempt that lost a race to a successful one is not counted. */
export async function recordMessageAttemptFailed(db: Executor, { messageId, error, final }: { messageId: string; error: string; final: boolean }) {
  await db
    .update(outboundMessages)
    .set({ attempts: sql`${outboundMessages.attempts} + 1`, lastError: error, ...(final ? { status: 'failed' as const } : {}) })
    .where(and(eq(outboundMessages.id, messageId), eq(outboundMessages.status, 'queued')))
}

export async function findOutboundMessage(db: Executor, { organizationId, messageId }: { organizationId: string; messageId: string }) {
  const [row] = await db
    .select()
    .from(outboundMessages)
    .where(and(eq(outboundMessages.organizationId, organizationId), eq(outboundMessages.id, messageId)))
    .limit(1)
  return row
}

/**
 * System sweep, across hospitals: ids only. Messages still `queued` long after they were
 * written have lost their job (dispatch failed after commit, or the queue lost it).
 */
export async function listStuckQueuedMessageIds(db: Executor, { writtenBefore, limit }: { writtenBefore: Date; limit: number }) {
  const rows = await db
    .select({ id: outboundMessages.id })
    .from(outboundMessages)
    .where(and(eq(outboundMessages.status, 'queued'), lt(outboundMessages.createdAt, writtenBefore)))
    .orderBy(outboundMessages.createdAt)
    .limit(limit)
  return rows.map((r) => r.id)
}
