import nodemailer from 'nodemailer'
import { PermanentDeliveryError } from './errors.ts'
import type { EmailTransport } from './types.ts'

/**
 * A send must end well within the workers' shutdown window: nodemailer's defaults (two minutes
 * to connect, ten of socket silence) would hold the message's row lock that long.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000 }

/** Pooled SMTP through nodemailer. `ignoreTLS` only for plain smtp:// to localhost relays. */
export function createSmtpTransport(url: string, from: string): EmailTransport {
  const parsed = new URL(url)
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(parsed.hostname)
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: 3,
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === 'smtps:' ? 465 : 587)),
    secure: parsed.protocol === 'smtps:',
    ignoreTLS: local && parsed.protocol === 'smtp:',
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    ...TIMEOUTS,
  })
  return {
    kind: 'smtp',
    async send(message) {
      try {
        const info = await transporter.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html ?? undefined,
          ...(message.headers ? { headers: message.headers } : {}),
          // Stable per message, so a receiving system can spot a duplicate.
          messageId: `<${message.id}@huiyin>`,
        })
        return { transport: 'smtp', providerMessageId: info.messageId ?? null }
      } catch (error) {
        throw isPermanentRejection(error) ? new PermanentDeliveryError(errorMessage(error), { cause: error }) : error
      }
    },
    async close() {
      transporter.close()
    },
  }
}

/**
 * A 5xx reply to the envelope or the message is the server saying "never" (RFC 5321 §4.2.1);
 * 4xx replies, refused connections and timeouts are worth another try. Authentication
 * failures are retried too: they are our configuration, which may be fixed in time.
 */
function isPermanentRejection(error: unknown): boolean {
  const { code, responseCode } = error as { code?: string; responseCode?: number }
  return (code === 'EENVELOPE' || code === 'EMESSAGE') && typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600
}

function errorMessage(error: unknown) {
  return error instanceof Error ? error.message : String(error)
}
