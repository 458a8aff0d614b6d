import { z } from 'zod'
import type { Route } from './+types/twilio-status'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { badRequest } from '#app/lib/http-errors.server.ts'
import { verifiedTwilioParams } from '#app/lib/twilio-webhook.server.ts'
import { recordSmsDeliveryStatus } from '#app/services/sms-status.server.ts'

const statusCallbackSchema = z.object({ MessageSid: z.string().min(1), MessageStatus: z.string().min(1), ErrorCode: z.string().optional() })

/** Twilio's delivery status callbacks for the SMS we send; only POST is meaningful. */
export function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getAppContext(context)
  const parsed = statusCallbackSchema.safeParse(await verifiedTwilioParams(ctx, request))
  if (!parsed.success) badRequest()
  const { MessageSid, MessageStatus, ErrorCode } = parsed.data
  await recordSmsDeliveryStatus(ctx, { messageSid: MessageSid, messageStatus: MessageStatus, errorCode: ErrorCode })
  return new Response(null, { status: 204 })
}
