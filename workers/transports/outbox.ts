import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type { EmailTransport, SmsTransport } from './types.ts'

/**
 * The embedded default: messages are not sent anywhere but written under .data/outbox/
 * (emails as real .eml files built by nodemailer, SMS as .json) and shown on the Outbox page.
 * A file is named after its message, so a repeated attempt rewrites it instead of adding one.
 */
export function createOutboxEmailTransport(dir: string, from: string): EmailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    kind: 'outbox',
    async send(message) {
      const info = await builder.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html ?? undefined,
        ...(message.headers ? { headers: message.headers } : {}),
        messageId: `<${message.id}@huiyin>`,
      })
      await writeWhole(path.join(dir, `${message.id}.eml`), info.message as Buffer)
      return { transport: 'outbox', providerMessageId: null }
    },
    async close() {},
  }
}

export function createOutboxSmsTransport(dir: string): SmsTransport {
  return {
    kind: 'outbox',
    async send(message) {
      await writeWhole(path.join(dir, `${message.id}.sms.json`), JSON.stringify({ to: message.to, body: message.body }, null, 2))
      return { transport: 'outbox', providerMessageId: null }
    },
    async close() {},
  }
}

/** Written aside and renamed into place, so whoever reads the folder never sees half a file. */
async function writeWhole(file: string, content: string | Buffer) {
  await mkdir(path.dirname(file), { recursive: true })
  const partial = `${file}.partial`
  await writeFile(partial, content)
  await rename(partial, file)
}
