import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { SMTPServer } from 'smtp-server'

/**
 * The receiving end of the dispatch benchmark: a real SMTP server and a Twilio Messages API
 * stand-in, both counting what arrives per recipient (so a duplicate send shows) and nothing
 * more — parsing every message would make the sinks, not the workers, the bottleneck.
 */
export interface CountingSinks {
  smtpUrl: string
  twilioUrl: string
  emails: Map<string, number>
  sms: Map<string, number>
  close(): Promise<void>
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)

export async function startCountingSinks(): Promise<CountingSinks> {
  const emails = new Map<string, number>()
  const sms = new Map<string, number>()
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 100,
    onData(stream, session, callback) {
      stream.on('data', () => {})
      stream.on('end', () => {
        for (const rcpt of session.envelope.rcptTo) bump(emails, rcpt.address.toLowerCase())
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  const smtpPort = (smtp.server.address() as { port: number }).port

  const twilio: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      bump(sms, form.get('To') ?? '')
      const sid = `SM${randomBytes(16).toString('hex')}`
      res.writeHead(201, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ sid, status: 'queued', to: form.get('To'), from: form.get('From'), body: form.get('Body'), num_segments: '1', date_created: new Date().toUTCString() }))
    })
  })
  twilio.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => twilio.listen(0, '127.0.0.1', resolve))
  const twilioPort = (twilio.address() as { port: number }).port

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    twilioUrl: `http://127.0.0.1:${twilioPort}`,
    emails,
    sms,
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()))
      await new Promise<void>((resolve) => twilio.close(() => resolve()))
    },
  }
}
