import twilio from 'twilio'
import { z } from 'zod'
import type { Route } from './+types/twilio-sms'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { badRequest } from '#app/lib/http-errors.server.ts'
import { verifiedTwilioParams } from '#app/lib/twilio-webhook.server.ts'
import { handleInboundSms } from '#app/services/sms-intake.server.ts'

const inboundSmsSchema = z.object({ MessageSid: z.string().min(1), From: z.string(), To: z.string(), Body: z.string().default('') })

/** Twilio posts inbound SMS here; only POST is meaningful. */
export function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getAppContext(context)
  const parsed = inboundSmsSchema.safeParse(await verifiedTwilioParams(ctx, request))
  if (!parsed.success) badRequest()
  const { MessageSid, From, To, Body } = parsed.data
  const reply = await handleInboundSms(ctx, { messageSid: MessageSid, from: From, to: To, body: Body })
  const twiml = new twilio.twiml.MessagingResponse()
  if (reply) twiml.message(reply)
  return new Response(twiml.toString(), { headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' } })
}
