import path from 'node:path'
import type { AppConfig } from '#app/lib/env.server.ts'
import { createOutboxEmailTransport, createOutboxSmsTransport } from './outbox.ts'
import { createSmtpTransport } from './smtp.ts'
import { createTwilioTransport } from './twilio.ts'
import type { EmailTransport, SmsTransport } from './types.ts'

export interface Transports {
  email: EmailTransport
  sms: SmsTransport
}

/** Picks each transport from configuration: the real service when set, else the local outbox. */
export function createTransports(config: AppConfig): Transports {
  const outboxDir = path.resolve(config.dataDir, 'outbox')
  const email = config.mail.kind === 'smtp' ? createSmtpTransport(config.mail.url, config.mail.from) : createOutboxEmailTransport(outboxDir, config.mail.from)
  const sms =
    config.sms.kind === 'twilio'
      ? createTwilioTransport({
          accountSid: config.sms.accountSid,
          authToken: config.sms.authToken,
          from: config.sms.from,
          apiBase: config.sms.apiBase,
          // Twilio reports delivered/undelivered here (verified like the inbound webhook).
          statusCallbackUrl: `${config.publicUrl}/webhooks/twilio/status`,
        })
      : createOutboxSmsTransport(outboxDir)
  return { email, sms }
}
