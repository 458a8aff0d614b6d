import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { simpleParser } from 'mailparser'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { createLogger } from '#app/lib/logger.server.ts'
import { queueEmail, queueSms, redispatchStuckMessages } from '#app/services/messages.server.ts'
import { eq } from 'drizzle-orm'
import { findOutboundMessage, type OutboundMessage } from '#db/queries/messages.ts'
import { outboundMessages } from '#db/schema/index.ts'
import type { RetryPolicy } from '#workers/contracts.ts'
import { createJobQueue } from '#workers/enqueue.ts'
import { startWorkers } from '#workers/index.ts'
import { createBullQueue } from '#workers/queue-connection.ts'
import { createTransports, type Transports } from '#workers/transports/index.ts'
import { createSmtpTransport } from '#workers/transports/smtp.ts'
import { eventually } from '#tests/helpers/eventually.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff } from '#tests/helpers/factories.ts'
import { startSmtpSink, type SmtpSink } from '#tests/helpers/smtp-sink.ts'
import { startTwilioStandIn, type TwilioStandIn } from '#tests/helpers/twilio-stand-in.ts'

const TWILIO = { sid: `AC${'0123456789abcdef'.repeat(2)}`, token: 'stand-in-auth-token', from: '+861065550100' }
/** Three tries 100 ms and 200 ms apart instead of the production half hour. */
const FAST_RETRY: RetryPolicy = { attempts: 3, backoff: { type: 'exponential', delay: 100 } }

let sink: SmtpSink
let twilioApi: TwilioStandIn
/** SMTP_URL and Twilio point at the local stand-ins. */
let providers: TestContext
/** Nothing configured: messages go to DATA_DIR/outbox. */
let embedded: TestContext
let organizationId: string

beforeAll(async () => {
  sink = await startSmtpSink()
  twilioApi = await startTwilioStandIn()
  providers = createTestContext({
    env: { SMTP_URL: sink.url, TWILIO_ACCOUNT_SID: TWILIO.sid, TWILIO_AUTH_TOKEN: TWILIO.token, TWILIO_FROM: TWILIO.from, TWILIO_API_BASE: twilioApi.url },
  })
  embedded = createTestContext()
  organizationId = (await createHospitalWithStaff(providers.ctx)).organization.id
})

afterAll(async () => {
  await providers?.close()
  await embedded?.close()
  await twilioApi?.close()
  await sink?.close()
})

const rigs: DeliveryRig[] = []
afterEach(async () => {
  const closing = rigs.splice(0)
  for (const rig of closing) await rig.close()
  // Closing workers, queues and transports must not be reported as an incident.
  expect(closing.flatMap((rig) => rig.errorLines())).toEqual([])
})

interface DeliveryRig {
  /** The test context with a job queue of its own: its own prefix and fast retries. */
  ctx: AppContext
  transports: Transports
  startWorkers(): void
  /** Resolves once no job of this rig is waiting, delayed or running. */
  idle(): Promise<void>
  completedJobs(): Promise<number>
  /** Everything the workers logged, at every level. */
  logLines: string[]
  errorLines(): string[]
  close(): Promise<void>
}

let rigCount = 0
/**
 * Queue, workers and transports for one test, on a queue prefix no other test (or test file)
 * uses, so no one else's worker takes these jobs and no leftover retry reaches the next test.
 */
function deliveryRig(t: TestContext, transports: Transports = createTransports(t.ctx.config)): DeliveryRig {
  rigCount += 1
  const queueBackend = { ...t.queueBackend, prefix: `${t.queueBackend.prefix}d${rigCount}` }
  const jobs = createJobQueue(queueBackend, { retry: FAST_RETRY })
  const inspector = createBullQueue('messages', queueBackend)
  const logLines: string[] = []
  const logger = createLogger('debug', (line) => logLines.push(line))
  const ctx: AppContext = { ...t.ctx, jobs, logger }
  const running: ReturnType<typeof startWorkers>[] = []
  const rig: DeliveryRig = {
    ctx,
    transports,
    logLines,
    errorLines: () => logLines.filter((line) => line.includes(' ERROR ')),
    startWorkers: () => void running.push(startWorkers({ ctx, transports }, queueBackend)),
    async idle() {
      await eventually(
        () => inspector.getJobCounts('waiting', 'delayed', 'active', 'prioritized'),
        (counts) => Object.values(counts).every((n) => n === 0),
        'the queue to drain',
      )
    },
    completedJobs: async () => (await inspector.getJobCounts('completed')).completed ?? 0,
    async close() {
      await Promise.all(running.map((w) => w.close()))
      await transports.email.close()
      await transports.sms.close()
      await inspector.obliterate({ force: true })
      await inspector.close()
      await jobs.close()
    },
  }
  rigs.push(rig)
  return rig
}

async function messageRow(t: TestContext, messageId: string): Promise<OutboundMessage> {
  const row = await findOutboundMessage(t.ctx.db, { organizationId, messageId })
  if (!row) throw new Error(`message ${messageId} not found`)
  return row
}

/** Waits until the worker is done with the message: sent, or failed for good. */
function settledMessage(t: TestContext, messageId: string) {
  return eventually(
    () => messageRow(t, messageId),
    (row) => row.status !== 'queued',
    `message ${messageId} to be sent or failed`,
  )
}

const uniqueAddress = () => `patient.${randomBytes(4).toString('hex')}@example.org`
const uniquePhone = () => `+86138${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`

function queueTestEmail(rig: DeliveryRig, to: string) {
  return queueEmail(rig.ctx, rig.ctx.db, {
    organizationId,
    to,
    template: 'complaint-received',
    email: { subject: '您的投诉已受理 / Complaint received', text: '您好，我们已收到您的投诉。', html: '<p>您好，我们已收到您的<strong>投诉</strong>。</p>' },
  })
}

function queueTestSms(rig: DeliveryRig, to: string) {
  return queueSms(rig.ctx, rig.ctx.db, { organizationId, to, template: 'complaint-received', body: '【回音】您的投诉已受理，编号 A123。' })
}

describe('email over SMTP', () => {
  it('delivers a queued email once with its subject, text and HTML, and marks it sent by smtp', async () => {
    const rig = deliveryRig(providers)
    rig.startWorkers()
    const to = uniqueAddress()
    const { messageId, dispatch } = await queueTestEmail(rig, to)
    await dispatch()

    const row = await settledMessage(providers, messageId)
    expect(row).toMatchObject({ status: 'sent', transport: 'smtp', attempts: 1, lastError: null, providerMessageId: `<${messageId}@huiyin>` })
    expect(row.sentAt).toBeInstanceOf(Date)
    const [email, ...more] = sink.receivedFor(to)
    expect(more).toHaveLength(0)
    expect(email!.mail.subject).toBe('您的投诉已受理 / Complaint received')
    expect(email!.mail.text?.trim()).toBe('您好，我们已收到您的投诉。')
    expect(email!.mail.html).toContain('<p>您好，我们已收到您的<strong>投诉</strong>。</p>')
    expect(email!.mail.messageId).toBe(`<${messageId}@huiyin>`)
  })

  it('sends once when the message is dispatched twice and enqueued again under another job id', async () => {
    const rig = deliveryRig(providers)
    const to = uniqueAddress()
    const { messageId, dispatch } = await queueTestEmail(rig, to)
    await dispatch()
    await dispatch()
    await rig.ctx.jobs.enqueue('deliverMessage', { messageId }, { jobId: `again-${messageId}` })
    rig.startWorkers()

    expect((await settledMessage(providers, messageId)).status).toBe('sent')
    await rig.idle()
    expect(await rig.completedJobs()).toBe(2)
    expect(sink.receivedFor(to)).toHaveLength(1)
    expect((await messageRow(providers, messageId)).attempts).toBe(1)
  })

  it('sends once when two workers take duplicate jobs of the same message at the same time', async () => {
    const rig = deliveryRig(providers)
    const to = uniqueAddress()
    const { messageId, dispatch } = await queueTestEmail(rig, to)
    await dispatch()
    for (let i = 1; i <= 7; i++) await rig.ctx.jobs.enqueue('deliverMessage', { messageId }, { jobId: `copy${i}-${messageId}` })
    rig.startWorkers()
    rig.startWorkers()

    await settledMessage(providers, messageId)
    await rig.idle()
    expect(await rig.completedJobs()).toBe(8)
    expect(sink.receivedFor(to)).toHaveLength(1)
    expect(await messageRow(providers, messageId)).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('retries after a temporary refusal and delivers on the next attempt', async () => {
    const rig = deliveryRig(providers)
    rig.startWorkers()
    const to = uniqueAddress()
    sink.rejectRecipient(to, { code: 451, message: '4.3.0 Mailbox temporarily unavailable' }, 1)
    const { messageId, dispatch } = await queueTestEmail(rig, to)
    await dispatch()

    expect(await settledMessage(providers, messageId)).toMatchObject({ status: 'sent', attempts: 2, lastError: null })
    expect(sink.recipientAttempts(to)).toBe(2)
    expect(sink.receivedFor(to)).toHaveLength(1)
  })

  it('marks the email failed with the reason once every attempt was refused', async () => {
    const rig = deliveryRig(providers)
    rig.startWorkers()
    const to = uniqueAddress()
    sink.rejectRecipient(to, { code: 451, message: '4.3.0 Mailbox temporarily unavailable' })
    const { messageId, dispatch } = await queueTestEmail(rig, to)
    await dispatch()

    const row = await settledMessage(providers, messageId)
    expect(row).toMatchObject({ status: 'failed', attempts: FAST_RETRY.attempts, sentAt: null })
    expect(row.lastError).toContain('451 4.3.0 Mailbox temporarily unavailable')
    expect(sink.recipientAttempts(to)).toBe(FAST_RETRY.attempts)
    expect(sink.receivedFor(to)).toHaveLength(0)
  })

  it('fails at once, without retrying, when the server says the mailbox does not exist', async () => {
    const rig = deliveryRig(providers)
    rig.startWorkers()
    const to = uniqueAddress()
    sink.rejectRecipient(to, { code: 550, message: `5.1.1 <${to}>: Recipient address rejected: no such user` })
    const { messageId, dispatch } = await queueTestEmail(rig, to)
    await dispatch()

    const row = await settledMessage(providers, messageId)
    expect(row).toMatchObject({ status: 'failed', attempts: 1 })
    expect(row.lastError).toContain('550 5.1.1')
    await rig.idle()
    expect(sink.recipientAttempts(to)).toBe(1)
    // The refusal quotes the patient's address; the admin sees it, the logs must not.
    await eventually(async () => rig.logLines.some((line) => line.includes('job attempt failed')), Boolean, 'the failed attempt to be logged')
    expect(rig.logLines.filter((line) => line.includes(to))).toEqual([])
  })

  it('retries while the SMTP server is unreachable and then marks the email failed', async () => {
    const gone = await startSmtpSink()
    await gone.close()
    const rig = deliveryRig(providers, { email: createSmtpTransport(gone.url, 'Huiyin <no-reply@huiyin.local>'), sms: createTransports(providers.ctx.config).sms })
    rig.startWorkers()
    const { messageId, dispatch } = await queueTestEmail(rig, uniqueAddress())
    await dispatch()

    const row = await settledMessage(providers, messageId)
    expect(row).toMatchObject({ status: 'failed', attempts: FAST_RETRY.attempts })
    expect(row.lastError).toMatch(/ECONNREFUSED/)
  })
})

describe('SMS through Twilio', () => {
  it('posts the SMS to the Messages API once and keeps the SID Twilio returned', async () => {
    const rig = deliveryRig(providers)
    rig.startWorkers()
    const to = uniquePhone()
    const { messageId, dispatch } = await queueTestSms(rig, to)
    await dispatch()
    await dispatch()

    const row = await settledMessage(providers, messageId)
    await rig.idle()
    const posts = twilioApi.requests.filter((r) => r.to === to)
    expect(posts).toEqual([
      { accountSid: TWILIO.sid, credentials: `${TWILIO.sid}:${TWILIO.token}`, to, from: TWILIO.from, body: '【回音】您的投诉已受理，编号 A123。', answeredWith: 201 },
    ])
    expect(row).toMatchObject({ status: 'sent', transport: 'twilio', attempts: 1 })
    expect(row.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/)
    expect(twilioApi.acceptedSids).toContain(row.providerMessageId)
  })

  it('retries while Twilio answers 429 or 500 and sends once it accepts', async () => {
    const rig = deliveryRig(providers)
    twilioApi.failNext(1, { status: 429, code: 20429, message: 'Too Many Requests' })
    twilioApi.failNext(1, { status: 500, code: 20500, message: 'Internal Server Error' })
    rig.startWorkers()
    const to = uniquePhone()
    const { messageId, dispatch } = await queueTestSms(rig, to)
    await dispatch()

    expect(await settledMessage(providers, messageId)).toMatchObject({ status: 'sent', transport: 'twilio', attempts: 3, lastError: null })
    expect(twilioApi.requests.filter((r) => r.to === to).map((r) => r.answeredWith)).toEqual([429, 500, 201])
  })

  it('fails at once when Twilio rejects the number', async () => {
    const rig = deliveryRig(providers)
    const to = uniquePhone()
    twilioApi.failNext(1, { status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` })
    rig.startWorkers()
    const { messageId, dispatch } = await queueTestSms(rig, to)
    await dispatch()

    const row = await settledMessage(providers, messageId)
    expect(row).toMatchObject({ status: 'failed', attempts: 1, providerMessageId: null })
    expect(row.lastError).toContain('21211')
    await rig.idle()
    expect(twilioApi.requests.filter((r) => r.to === to)).toHaveLength(1)
    // BullMQ emits 'failed' just after the job settles: wait for the line rather than race it.
    await eventually(async () => rig.logLines.some((line) => line.includes('job attempt failed')), Boolean, 'the failed attempt to be logged')
    expect(rig.logLines.filter((line) => line.includes(to) || line.includes(to.slice(3)))).toEqual([])
  })
})

describe('embedded outbox (no SMTP or Twilio configured)', () => {
  const outboxFile = (name: string) => path.join(embedded.ctx.config.dataDir, 'outbox', name)

  it('writes the email as an .eml file and marks it sent by outbox', async () => {
    const rig = deliveryRig(embedded)
    rig.startWorkers()
    const to = uniqueAddress()
    const { messageId, dispatch } = await queueTestEmail(rig, to)
    await dispatch()

    expect(await settledMessage(embedded, messageId)).toMatchObject({ status: 'sent', transport: 'outbox', providerMessageId: null, attempts: 1 })
    const email = await simpleParser(await readFile(outboxFile(`${messageId}.eml`)))
    expect(email.subject).toBe('您的投诉已受理 / Complaint received')
    expect(email.text?.trim()).toBe('您好，我们已收到您的投诉。')
    expect(email.html).toContain('<strong>投诉</strong>')
    expect(JSON.stringify(email.to)).toContain(to)
  })

  it('writes the SMS as an .sms.json file and marks it sent by outbox', async () => {
    const rig = deliveryRig(embedded)
    rig.startWorkers()
    const to = uniquePhone()
    const { messageId, dispatch } = await queueTestSms(rig, to)
    await dispatch()

    expect(await settledMessage(embedded, messageId)).toMatchObject({ status: 'sent', transport: 'outbox', attempts: 1 })
    expect(JSON.parse(await readFile(outboxFile(`${messageId}.sms.json`), 'utf8'))).toEqual({ to, body: '【回音】您的投诉已受理，编号 A123。' })
  })
})

describe('the sweep for messages whose job was lost', () => {
  it('hands a message still queued long after it was written to the worker again, and it is sent once', async () => {
    const rig = deliveryRig(providers)
    const to = uniqueAddress()
    // written, but its dispatch never happened (e.g. the queue was down right after commit)
    const { messageId } = await queueTestEmail(rig, to)
    await rig.ctx.db.update(outboundMessages).set({ createdAt: new Date(Date.now() - 2 * 3600_000) }).where(eq(outboundMessages.id, messageId))
    rig.startWorkers()
    await rig.ctx.jobs.enqueue('sweepStuckMessages', {})

    expect(await settledMessage(providers, messageId)).toMatchObject({ status: 'sent', attempts: 1 })
    expect(await redispatchStuckMessages(rig.ctx)).toBe(0)
    await rig.idle()
    expect(sink.receivedFor(to)).toHaveLength(1)
  })

  it('leaves fresh queued messages to their own jobs', async () => {
    const rig = deliveryRig(providers)
    const { messageId } = await queueTestEmail(rig, uniqueAddress())
    expect(await redispatchStuckMessages(rig.ctx)).toBe(0)
    expect((await messageRow(providers, messageId)).status).toBe('queued')
  })

  it('keeps one recurring sweep however often workers start', async () => {
    const rig = deliveryRig(providers)
    await rig.ctx.jobs.upsertSchedulers()
    await rig.ctx.jobs.upsertSchedulers()
    const inspector = createBullQueue('messages', { ...providers.queueBackend, prefix: `${providers.queueBackend.prefix}d${rigCount}` })
    try {
      const schedulers = await inspector.getJobSchedulers()
      expect(schedulers.map((s) => s.key)).toEqual(['sweep-stuck-messages'])
      expect(schedulers[0]!.every).toBe(5 * 60_000)
    } finally {
      await inspector.close()
    }
  })
})
