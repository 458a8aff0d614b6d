import { and, desc, eq, sql } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { outboundMessages } from '../schema/index.ts'

/**
 * One page of a hospital's outbound messages, newest first, for the Outbox list (no bodies).
 * The cursor is the last message already shown: rows strictly older by (createdAt, id), so
 * messages queued in one transaction (same createdAt) are neither skipped nor repeated, and
 * the microsecond timestamps never pass through a millisecond JavaScript Date.
 */
export async function listOutboxPage(db: Executor, { organizationId, beforeMessageId, limit }: { organizationId: string; beforeMessageId?: string; limit: number }) {
  const m = outboundMessages
  return db
    .select({
      id: m.id,
      channel: m.channel,
      recipient: m.recipient,
      subject: m.subject,
      textStart: sql<string>`left(${m.text}, 200)`,
      template: m.template,
      status: m.status,
      transport: m.transport,
      createdAt: m.createdAt,
    })
    .from(m)
    .where(
      and(
        eq(m.organizationId, organizationId),
        beforeMessageId
          ? sql`(${m.createdAt}, ${m.id}) < (select c.created_at, c.id from ${m} c where c.organization_id = ${organizationId} and c.id = ${beforeMessageId})`
          : undefined,
      ),
    )
    .orderBy(desc(m.createdAt), desc(m.id))
    .limit(limit)
}
