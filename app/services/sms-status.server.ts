import type { AppContext } from '#app/lib/app-context.server.ts'
import { updateDeliveryStatusByProviderId } from '#db/queries/sms.ts'
import { recordInvitationDelivery } from '#db/queries/survey-dispatch.ts'

/** Twilio's MessageStatus values mapped onto the outbox's statuses; others (e.g. receiving) are not ours. */
const STATUS = {
  accepted: 'sent',
  scheduled: 'sent',
  queued: 'sent',
  sending: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
} as const

/**
 * Applies one verified status callback to the outbound message or survey invitation Twilio
 * knows by `MessageSid`.
 * Callbacks arrive out of order; the query never moves a message back (see REPLACEABLE).
 */
export async function recordSmsDeliveryStatus(ctx: AppContext, { messageSid, messageStatus, errorCode }: { messageSid: string; messageStatus: string; errorCode?: string | undefined }) {
  const status = Object.hasOwn(STATUS, messageStatus) ? STATUS[messageStatus as keyof typeof STATUS] : undefined
  if (!messageSid || !status) return { updated: 0 }
  const error = status === 'failed' ? `Twilio ${messageStatus}${errorCode ? ` (${errorCode})` : ''}` : null
  let updated = await updateDeliveryStatusByProviderId(ctx.db, { providerMessageId: messageSid, status, error })
  // Survey invitations are their own outbox rows (DESIGN.md §4).
  if (status !== 'sent') updated += await recordInvitationDelivery(ctx.db, { providerMessageId: messageSid, status, error, at: ctx.clock.now() })
  ctx.logger.info('sms delivery status', { messageSid, messageStatus, errorCode, updated })
  return { updated }
}
