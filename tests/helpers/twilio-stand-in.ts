import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

export interface TwilioMessageRequest {
  accountSid: string
  /** The Basic credentials the client sent, as "sid:token". */
  credentials: string | null
  to: string
  from: string
  body: string
  /** The status the stand-in answered with. */
  answeredWith: number
}

export interface TwilioStandIn {
  /** http://127.0.0.1:<port>, for TWILIO_API_BASE. */
  url: string
  requests: TwilioMessageRequest[]
  /** The SIDs of the messages it accepted, in order. */
  acceptedSids: string[]
  /** Every message request's whole form (e.g. StatusCallback), in the order of `requests`. */
  forms: URLSearchParams[]
  /** Answers the next `count` message requests with this error instead of accepting them. */
  failNext(count: number, reply: { status: number; code: number; message: string }): void
  close(): Promise<void>
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/

/**
 * Twilio's Messages API on a local port, as far as the twilio client uses it: a form-encoded
 * POST answered with the message resource (SID SM…, status queued), or with Twilio's error body.
 */
export async function startTwilioStandIn(): Promise<TwilioStandIn> {
  const requests: TwilioMessageRequest[] = []
  const acceptedSids: string[] = []
  const forms: URLSearchParams[] = []
  const failures: { status: number; code: number; message: string }[] = []

  const server = createServer((req, res) => {
    void answer(req, res).catch((error: Error) => reply(res, 500, { code: 20500, message: error.message, status: 500 }))
  })

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const match = req.method === 'POST' ? MESSAGES_PATH.exec(new URL(req.url ?? '/', 'http://stand-in').pathname) : null
    if (!match) return reply(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 })
    const accountSid = match[1]!
    const form = new URLSearchParams(await readBody(req))
    forms.push(form)
    const failure = failures.shift()
    const record = { accountSid, credentials: basicCredentials(req), to: form.get('To') ?? '', from: form.get('From') ?? '', body: form.get('Body') ?? '' }
    if (failure) {
      requests.push({ ...record, answeredWith: failure.status })
      return reply(res, failure.status, { ...failure, more_info: `https://www.twilio.com/docs/errors/${failure.code}` })
    }
    const sid = `SM${randomBytes(16).toString('hex')}`
    requests.push({ ...record, answeredWith: 201 })
    acceptedSids.push(sid)
    const now = new Date().toUTCString()
    reply(res, 201, {
      sid,
      account_sid: accountSid,
      to: record.to,
      from: record.from,
      body: record.body,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      api_version: '2010-04-01',
      date_created: now,
      date_updated: now,
      date_sent: null,
      error_code: null,
      error_message: null,
      price: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as { port: number }

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    acceptedSids,
    forms,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure)
    },
    close() {
      // The client keeps connections alive; close() alone would wait for them to time out.
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function basicCredentials(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? ''
  return header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : null
}
