import { randomBytes } from 'node:crypto'
import twilio from 'twilio'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { AppClient } from './app-client.ts'

/** Twilio settings for tests that receive webhooks; PUBLIC_URL is what Twilio signs. */
export const TWILIO_TEST = {
  sid: `AC${'0123456789abcdef'.repeat(2)}`,
  token: 'webhook-test-auth-token',
  from: '+861065550100',
  publicUrl: 'https://huiyin.example.cn',
}
export const twilioEnv = (extra: Record<string, string> = {}) => ({
  TWILIO_ACCOUNT_SID: TWILIO_TEST.sid,
  TWILIO_AUTH_TOKEN: TWILIO_TEST.token,
  TWILIO_FROM: TWILIO_TEST.from,
  PUBLIC_URL: TWILIO_TEST.publicUrl,
  ...extra,
})

export const newMessageSid = () => `SM${randomBytes(16).toString('hex')}`
/** A mainland mobile in E.164 no other test uses. */
export const uniqueMobile = () => `+86139${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`
/** A Beijing landline-style number for a hospital's Twilio number. */
export const uniqueHospitalNumber = () => `+8610${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`

/**
 * Posts a webhook as Twilio does: form-encoded, signed over PUBLIC_URL + path and every
 * parameter. `signature: null` leaves the header out; `signedUrl` signs another address.
 */
export function postTwilioWebhook(
  ctx: AppContext,
  path: string,
  params: Record<string, string>,
  options: { signature?: string | null; signedUrl?: string; token?: string } = {},
) {
  const signedUrl = options.signedUrl ?? `${TWILIO_TEST.publicUrl}${path}`
  const signature = options.signature === undefined ? twilio.getExpectedTwilioSignature(options.token ?? TWILIO_TEST.token, signedUrl, params) : options.signature
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TwilioProxy/1.1' }
  if (signature !== null) headers['x-twilio-signature'] = signature
  return new AppClient(ctx).postRaw(path, new URLSearchParams(params), headers)
}

/** An inbound SMS's parameters, as Twilio's Messaging webhook sends them. */
export function inboundSmsParams({ from, to, body, messageSid = newMessageSid() }: { from: string; to: string; body: string; messageSid?: string }) {
  return {
    ToCountry: 'CN',
    ToState: '',
    SmsMessageSid: messageSid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: messageSid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'CN',
    To: to,
    ToZip: '',
    NumSegments: '1',
    MessageSid: messageSid,
    AccountSid: TWILIO_TEST.sid,
    From: from,
    ApiVersion: '2010-04-01',
  }
}

/** The text of the TwiML reply's <Message>, or null for an empty <Response/>. */
export function twimlMessage(xml: string): string | null {
  const m = xml.match(/<Message>([\s\S]*?)<\/Message>/)
  if (!m) return null
  return m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
}
