import type { AppContext } from '#app/lib/app-context.server.ts'
import { lockOutboundMessage, markMessageSent, recordMessageAttemptFailed } from '#db/queries/messages.ts'
import type { EmailTransport, SmsTransport } from '#workers/transports/types.ts'

export type DeliveryOutcome = 'sent' | 'already-done' | 'missing'

/**
 * Delivers one outbound message exactly once: the row is locked while sending and only a
 * `queued` message is sent, so a retried or duplicated job sends nothing twice.
 */
export async function deliverMessage(
  ctx: AppContext,
  transports: { email: EmailTransport; sms: SmsTransport },
  messageId: string,
): Promise<DeliveryOutcome> {
  return ctx.db.transaction(async (tx) => {
    const message = await lockOutboundMessage(tx, messageId)
    if (!message) return 'missing'
    if (message.status !== 'queued') return 'already-done'
    const result =
      message.channel === 'email'
        ? await transports.email.send({ id: message.id, to: message.recipient, subject: message.subject ?? '', text: message.text, html: message.html })
        : await transports.sms.send({ id: message.id, to: message.recipient, body: message.text })
    await markMessageSent(tx, message.id, { transport: result.transport, providerMessageId: result.providerMessageId, sentAt: ctx.clock.now() })
    return 'sent'
  })
}

export async function recordDeliveryFailure(ctx: AppContext, messageId: string, error: unknown, final: boolean) {
  const text = error instanceof Error ? error.message : String(error)
  await recordMessageAttemptFailed(ctx.db, messageId, { error: text.slice(0, 500), final })
}
