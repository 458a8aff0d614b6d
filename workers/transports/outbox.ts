import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type { EmailTransport, SmsTransport } from './types.ts'

/**
 * The embedded default: messages are not sent anywhere but written under .data/outbox/
 * (emails as real .eml files built by nodemailer, SMS as .json) and shown on the Outbox page.
 */
export function createOutboxEmailTransport(dir: string, from: string): EmailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    kind: 'outbox',
    async send(message) {
      await mkdir(dir, { recursive: true })
      const info = await builder.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html ?? undefined })
      await writeFile(path.join(dir, `${message.id}.eml`), info.message as Buffer)
      return { transport: 'outbox', providerMessageId: null }
    },
    async close() {},
  }
}

export function createOutboxSmsTransport(dir: string): SmsTransport {
  return {
    kind: 'outbox',
    async send(message) {
      await mkdir(dir, { recursive: true })
      await writeFile(path.join(dir, `${message.id}.sms.json`), JSON.stringify({ to: message.to, body: message.body }, null, 2))
      return { transport: 'outbox', providerMessageId: null }
    },
    async close() {},
  }
}
