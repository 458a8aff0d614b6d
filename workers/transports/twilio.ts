import twilio from 'twilio'
import type { SmsTransport } from './types.ts'

export interface TwilioSettings {
  accountSid: string
  authToken: string
  from: string
  /** Optional HTTP client (a local stand-in for Twilio's API in tests). */
  httpClient?: ConstructorParameters<typeof twilio.Twilio>[2] extends infer O ? (O extends { httpClient?: infer H } ? H : never) : never
  statusCallbackUrl?: string
}

export function createTwilioTransport(settings: TwilioSettings): SmsTransport {
  const client = twilio(settings.accountSid, settings.authToken, settings.httpClient ? { httpClient: settings.httpClient } : {})
  return {
    kind: 'twilio',
    async send(message) {
      const sent = await client.messages.create({
        to: message.to,
        from: settings.from,
        body: message.body,
        ...(settings.statusCallbackUrl ? { statusCallback: settings.statusCallbackUrl } : {}),
      })
      return { transport: 'twilio', providerMessageId: sent.sid }
    },
    async close() {},
  }
}
