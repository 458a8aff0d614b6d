import type { AppContext } from '#app/lib/app-context.server.ts'
import { lockOutboundMessage, markMessageSent, markMessageSuppressed, recordMessageAttemptFailed } from '#db/queries/messages.ts'
import { isOptedOut } from '#db/queries/sms.ts'
import type { EmailTransport, SmsTransport } from '#workers/transports/types.ts'

export type DeliveryOutcome = 'sent' | 'suppressed' | 'already-done' | 'missing'

/**
 * Delivers one outbound message once: the row stays locked from the status check until it is
 * marked sent, so a retried, duplicated or concurrent job finds it no longer `queued` and sends
 * nothing. If the send fails the transaction rolls back and the row stays `queued` for the
 * next attempt; the attempt itself is recorded by recordDeliveryFailure, outside it.
 *
 * What remains is the gap between the provider accepting the message and the commit: a crash
 * there makes the next attempt send it again. Emails carry a stable Message-ID for that case.
 */
export async function deliverMessage(
  ctx: AppContext,
  transports: { email: EmailTransport; sms: SmsTransport },
  messageId: string,
): Promise<DeliveryOutcome> {
  return ctx.db.transaction(async (tx) => {
    const message = await lockOutboundMessage(tx, { messageId })
    if (!message) return 'missing'
    if (message.status !== 'queued') return 'already-done'
    // Checked at send time, not when queued: a TD/STOP received in between is honoured.
    if (message.channel === 'sms' && message.organizationId && (await isOptedOut(tx, { organizationId: message.organizationId, phone: message.recipient }))) {
      await markMessageSuppressed(tx, { messageId: message.id })
      return 'suppressed'
    }
    const result =
      message.channel === 'email'
        ? await transports.email.send({ id: message.id, to: message.recipient, subject: message.subject ?? '', text: message.text, html: message.html })
        : await transports.sms.send({ id: message.id, to: message.recipient, body: message.text })
    await markMessageSent(tx, { messageId: message.id, transport: result.transport, providerMessageId: result.providerMessageId, sentAt: ctx.clock.now() })
    return 'sent'
  })
}

/** Counts a failed attempt and keeps its reason; on the last one the message becomes `failed`. */
export async function recordDeliveryFailure(ctx: AppContext, { messageId, error, final }: { messageId: string; error: unknown; final: boolean }) {
  const reason = error instanceof Error ? error.message : String(error)
  await recordMessageAttemptFailed(ctx.db, { messageId, error: reason.slice(0, 500), final })
}
