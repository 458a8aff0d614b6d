import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import { insertOutboundMessage, listStuckQueuedMessageIds } from '#db/queries/messages.ts'

export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

/**
 * Records an email in the outbound table (inside the caller's transaction when given) and
 * returns a function that hands it to the delivery worker once that transaction commits.
 */
export async function queueEmail(
  ctx: AppContext,
  db: Executor,
  input: { organizationId: string | null; to: string; template: string; email: RenderedEmail },
) {
  const row = await insertOutboundMessage(db, {
    organizationId: input.organizationId,
    channel: 'email',
    recipient: input.to,
    subject: input.email.subject,
    text: input.email.text,
    html: input.email.html,
    template: input.template,
  })
  return { messageId: row.id, dispatch: () => dispatchMessage(ctx, row.id) }
}

export async function queueSms(ctx: AppContext, db: Executor, input: { organizationId: string | null; to: string; template: string; body: string }) {
  const row = await insertOutboundMessage(db, {
    organizationId: input.organizationId,
    channel: 'sms',
    recipient: input.to,
    text: input.body,
    template: input.template,
  })
  return { messageId: row.id, dispatch: () => dispatchMessage(ctx, row.id) }
}

/**
 * The job id is the message id: while BullMQ keeps the job, adding it again queues nothing;
 * later, the worker's status check still sends nothing twice.
 */
export function dispatchMessage(ctx: AppContext, messageId: string) {
  return ctx.jobs.enqueue('deliverMessage', { messageId }, { jobId: `msg-${messageId}` })
}

/** Longer than a delivery job's whole retry schedule (about 32 minutes). */
const STUCK_AFTER_MS = 45 * 60_000

/**
 * Hands stuck messages to the delivery worker again. The job id is fixed per message, so
 * repeated sweeps add at most one extra job while it is kept; delivery itself never sends twice.
 */
export async function redispatchStuckMessages(ctx: AppContext, limit = 500): Promise<number> {
  const ids = await listStuckQueuedMessageIds(ctx.db, { writtenBefore: new Date(ctx.clock.now().getTime() - STUCK_AFTER_MS), limit })
  for (const messageId of ids) await ctx.jobs.enqueue('deliverMessage', { messageId }, { jobId: `msg-${messageId}-swept` })
  return ids.length
}
