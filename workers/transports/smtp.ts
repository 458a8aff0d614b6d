import nodemailer from 'nodemailer'
import type { EmailTransport } from './types.ts'

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
  })
  return {
    kind: 'smtp',
    async send(message) {
      const info = await transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html ?? undefined,
        messageId: `<${message.id}@huiyin>`,
      })
      return { transport: 'smtp', providerMessageId: info.messageId ?? null }
    },
    async close() {
      transporter.close()
    },
  }
}
