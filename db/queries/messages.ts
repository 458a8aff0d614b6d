import { and, desc, eq, lt, sql } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { outboundMessages } from '../schema/index.ts'

export type OutboundMessage = typeof outboundMessages.$inferSelect

export async function insertOutboundMessage(db: Executor, values: typeof outboundMessages.$inferInsert) {
  const [row] = await db.insert(outboundMessages).values(values).returning()
  return row!
}

/** Locks the row so two workers never deliver the same message at once. */
export async function lockOutboundMessage(db: Executor, messageId: string) {
  const [row] = await db.select().from(outboundMessages).where(eq(outboundMessages.id, messageId)).for('update').limit(1)
  return row
}

export async function markMessageSent(db: Executor, messageId: string, values: { transport: string; providerMessageId: string | null; sentAt: Date }) {
  await db
    .update(outboundMessages)
    .set({ status: 'sent', ...values, attempts: sql`${outboundMessages.attempts} + 1`, lastError: null })
    .where(eq(outboundMessages.id, messageId))
}

export async function recordMessageAttemptFailed(db: Executor, messageId: string, values: { error: string; final: boolean }) {
  await db
    .update(outboundMessages)
    .set({ attempts: sql`${outboundMessages.attempts} + 1`, lastError: values.error, ...(values.final ? { status: 'failed' as const } : {}) })
    .where(and(eq(outboundMessages.id, messageId), eq(outboundMessages.status, 'queued')))
}

export async function listOutboundMessages(db: Executor, { organizationId, before, limit = 50 }: { organizationId: string; before?: Date; limit?: number }) {
  return db
    .select()
    .from(outboundMessages)
    .where(and(eq(outboundMessages.organizationId, organizationId), before ? lt(outboundMessages.createdAt, before) : undefined))
    .orderBy(desc(outboundMessages.createdAt))
    .limit(limit)
}

export async function findOutboundMessage(db: Executor, { organizationId, messageId }: { organizationId: string; messageId: string }) {
  const [row] = await db
    .select()
    .from(outboundMessages)
    .where(and(eq(outboundMessages.organizationId, organizationId), eq(outboundMessages.id, messageId)))
    .limit(1)
  return row
}
