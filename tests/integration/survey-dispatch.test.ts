import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { PatientEventInput } from '#app/domain/patient-event-rows.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { createLogger } from '#app/lib/logger.server.ts'
import { recordPatientEvents } from '#app/services/patient-events.server.ts'
import { sweepSurveyWork } from '#app/services/survey-dispatch.server.ts'
import { surveyToken } from '#app/services/survey-invitations.server.ts'
import { optOut } from '#db/queries/sms.ts'
import { emailOptOuts, organizations, surveyCampaigns, surveyInvitationHistory, surveyInvitations } from '#db/schema/index.ts'
import type { RetryPolicy } from '#workers/contracts.ts'
import { createJobQueue } from '#workers/enqueue.ts'
import { startWorkers } from '#workers/index.ts'
import { createBullQueue } from '#workers/queue-connection.ts'
import { createTransports, type Transports } from '#workers/transports/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { eventually } from '#tests/helpers/eventually.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { createRunningCampaign } from '#tests/helpers/surveys.ts'
import { startSmtpSink, type SmtpSink } from '#tests/helpers/smtp-sink.ts'
import { startTwilioStandIn, type TwilioStandIn } from '#tests/helpers/twilio-stand-in.ts'
import { postTwilioWebhook, twilioEnv, uniqueHospitalNumber, uniqueMobile } from '#tests/helpers/twilio-webhook.ts'

/**
 * Survey dispatch end to end on real parts: invitations from recorded discharges, the sweep,
 * the BullMQ send workers, a real SMTP server and a Twilio stand-in speaking its HTTP API.
 * Time is the injected clock; the workers run for real.
 */

// Friday 2026-01-23 20:00 in Shanghai; discharges are at 09:00 that day.
const START = new Date('2026-01-23T12:00:00Z')
const clock = testClock(START)
const FAST_RETRY: RetryPolicy = { attempts: 3, backoff: { type: 'exponential', delay: 100 } }

let sink: SmtpSink
let twilioApi: TwilioStandIn
let t: TestContext
let h: TestHospital

beforeAll(async () => {
  sink = await startSmtpSink()
  twilioApi = await startTwilioStandIn()
  t = createTestContext({ clock, env: twilioEnv({ SMTP_URL: sink.url, TWILIO_API_BASE: twilioApi.url }) })
  h = await createHospitalWithStaff(t.ctx)
})
afterAll(async () => {
  await t?.close()
  await twilioApi?.close()
  await sink?.close()
})
beforeEach(async () => {
  clock.set(START)
  // The frequency cap is per person across campaigns: each test uses its own campaigns only.
  await t.ctx.db.update(surveyCampaigns).set({ status: 'stopped' }).where(eq(surveyCampaigns.organizationId, h.organization.id))
})

interface Rig {
  ctx: AppContext
  start(): void
  idle(): Promise<void>
  close(): Promise<void>
}
const rigs: Rig[] = []
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close()
})

let rigCount = 0
/** Send workers on a queue prefix of their own, with fast retries. */
function rig(transports: Transports = createTransports(t.ctx.config)): Rig {
  rigCount += 1
  const backend = { ...t.queueBackend, prefix: `${t.queueBackend.prefix}s${rigCount}` }
  const jobs = createJobQueue(backend, { retry: FAST_RETRY })
  const ctx: AppContext = { ...t.ctx, jobs, logger: createLogger('error') }
  const inspectors = ['survey-sms', 'survey-email'].map((name) => createBullQueue(name, backend))
  const running: ReturnType<typeof startWorkers>[] = []
  const r: Rig = {
    ctx,
    start: () => void running.push(startWorkers({ ctx, transports }, backend)),
    async idle() {
      await eventually(
        () => Promise.all(inspectors.map((q) => q.getJobCounts('waiting', 'delayed', 'active', 'prioritized'))),
        (all) => all.every((counts) => Object.values(counts).every((n) => n === 0)),
        'the send queues to drain',
      )
    },
    async close() {
      await Promise.all(running.map((w) => w.close()))
      await transports.email.close()
      await transports.sms.close()
      for (const q of inspectors) {
        await q.obliterate({ force: true })
        await q.close()
      }
      await jobs.close()
    },
  }
  rigs.push(r)
  return r
}

const campaign = (extra: Partial<typeof surveyCampaigns.$inferInsert> = {}) => createRunningCampaign(t.ctx, h.organization.id, extra)

const uniqueEmail = () => `patient.${randomBytes(4).toString('hex')}@example.org`

function discharge(extra: Partial<PatientEventInput> = {}): PatientEventInput {
  return {
    type: 'discharge',
    externalId: `ZY-${randomBytes(4).toString('hex')}`,
    patientName: '王芳',
    phone: uniqueMobile(),
    email: null,
    departmentId: h.departments.cardiology.id,
    touchpointId: null,
    occurredAt: new Date('2026-01-23T01:00:00Z'), // 09:00 in Shanghai
    locale: 'zh-CN',
    ...extra,
  }
}

const record = (events: PatientEventInput[]) => t.ctx.db.transaction((tx) => recordPatientEvents(t.ctx, tx, h.organization.id, events, { source: 'api' }))
const invitationsOf = (campaignId: string) => t.ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.campaignId, campaignId))
async function onlyInvitation(campaignId: string) {
  const [row, ...more] = await invitationsOf(campaignId)
  expect(more).toHaveLength(0)
  return row!
}
const historyOf = (invitationId: string) =>
  t.ctx.db.select().from(surveyInvitationHistory).where(eq(surveyInvitationHistory.invitationId, invitationId)).orderBy(surveyInvitationHistory.at)
const smsTo = (phone: string) => twilioApi.requests.filter((r) => r.to === phone)

/** Sweeps once at the clock's time and waits for the workers to finish what it handed over. */
async function sweepAndSettle(r: Rig) {
  const result = await sweepSurveyWork(r.ctx)
  await r.idle()
  return result
}

describe('sending at the allowed hour, one reminder, expiry', () => {
  it('sends one SMS three days after discharge at 09:00, one reminder two days later, then expires the link', async () => {
    const c = await campaign()
    const event = discharge()
    await record([event])
    const r = rig()
    r.start()

    expect((await sweepAndSettle(r)).invitations).toBe(0)
    expect(smsTo(event.phone!)).toHaveLength(0)

    clock.set(new Date('2026-01-26T01:00:00Z')) // Monday 09:00 in Shanghai
    expect((await sweepAndSettle(r)).invitations).toBe(1)
    const inv = await onlyInvitation(c.id)
    const [sms, ...more] = smsTo(event.phone!)
    expect(more).toHaveLength(0)
    expect(sms!.body).toContain(`https://huiyin.example.cn/s/${surveyToken(t.ctx, inv.id)}`)
    expect(sms!.body.endsWith('回复TD退订')).toBe(true)
    expect(inv).toMatchObject({ status: 'sent', channel: 'sms', attempts: 1, providerMessageId: twilioApi.acceptedSids.at(-1), queuedAt: null, sendingUntil: null })
    expect(inv.sentAt).toEqual(new Date('2026-01-26T01:00:00Z'))
    expect(inv.reminderAt).toEqual(new Date('2026-01-28T01:00:00Z'))
    expect(inv.expiresAt).toEqual(new Date('2026-02-02T01:00:00Z'))

    // Sweeping again before the reminder sends nothing.
    clock.set(new Date('2026-01-27T05:00:00Z'))
    await sweepAndSettle(r)
    expect(smsTo(event.phone!)).toHaveLength(1)

    clock.set(new Date('2026-01-28T01:30:00Z'))
    expect((await sweepAndSettle(r)).reminders).toBe(1)
    await sweepAndSettle(r)
    const reminders = smsTo(event.phone!)
    expect(reminders).toHaveLength(2)
    expect(reminders[1]!.body).toContain('提醒')
    expect((await onlyInvitation(c.id)).reminderSentAt).toEqual(new Date('2026-01-28T01:30:00Z'))

    clock.set(new Date('2026-02-02T01:00:00Z'))
    expect((await sweepAndSettle(r)).expired).toBeGreaterThanOrEqual(1)
    expect((await onlyInvitation(c.id)).status).toBe('expired')
    expect((await historyOf(inv.id)).map((row) => row.status)).toEqual(['scheduled', 'sent', 'sent', 'expired'])
    expect(smsTo(event.phone!)).toHaveLength(2)
    // The expired link says so.
    const page = await new AppClient(t.ctx).get(`/s/${surveyToken(t.ctx, inv.id)}`)
    expect(page.status).toBe(410)
  })

  it('sends no reminder once the patient has answered', async () => {
    const c = await campaign()
    const event = discharge()
    await record([event])
    const r = rig()
    r.start()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepAndSettle(r)
    const inv = await onlyInvitation(c.id)
    await t.ctx.db.update(surveyInvitations).set({ status: 'completed', completedAt: clock.now() }).where(eq(surveyInvitations.id, inv.id))
    clock.set(new Date('2026-01-28T02:00:00Z'))
    expect((await sweepAndSettle(r)).reminders).toBe(0)
    expect(smsTo(event.phone!)).toHaveLength(1)
  })

  it('postpones to the next allowed hour when the job only runs after the allowed hours', async () => {
    const c = await campaign()
    const event = discharge()
    await record([event])
    const r = rig()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepSurveyWork(r.ctx) // handed over at 09:00 …
    clock.set(new Date('2026-01-26T12:30:00Z')) // … but the workers only get to it at 20:30
    r.start()
    await r.idle()
    expect(smsTo(event.phone!)).toHaveLength(0)
    const inv = await onlyInvitation(c.id)
    expect(inv).toMatchObject({ status: 'scheduled', sendAt: new Date('2026-01-27T01:00:00Z'), queuedAt: null })
  })

  it('holds the invitations of a paused campaign and sends them once it runs again', async () => {
    const c = await campaign()
    const event = discharge()
    await record([event])
    await t.ctx.db.update(surveyCampaigns).set({ status: 'paused' }).where(eq(surveyCampaigns.id, c.id))
    const r = rig()
    r.start()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    expect((await sweepAndSettle(r)).invitations).toBe(0)
    expect(smsTo(event.phone!)).toHaveLength(0)
    await t.ctx.db.update(surveyCampaigns).set({ status: 'running' }).where(eq(surveyCampaigns.id, c.id))
    expect((await sweepAndSettle(r)).invitations).toBe(1)
    expect(smsTo(event.phone!)).toHaveLength(1)
  })

  it('drops the unsent invitations of a stopped campaign', async () => {
    const c = await campaign()
    await record([discharge()])
    await t.ctx.db.update(surveyCampaigns).set({ status: 'stopped' }).where(eq(surveyCampaigns.id, c.id))
    const r = rig()
    r.start()
    expect((await sweepAndSettle(r)).expired).toBeGreaterThanOrEqual(1)
    const inv = await onlyInvitation(c.id)
    expect(inv.status).toBe('expired')
    expect((await historyOf(inv.id)).at(-1)!.detail).toEqual({ reason: 'campaign_stopped' })
  })
})

describe('email invitations and the unsubscribe link', () => {
  it('emails HTML and text with the survey link and an unsubscribe link; unsubscribing stops every later survey email', async () => {
    const c = await campaign({ channelPreference: 'email', frequencyCapDays: 0 })
    const email = uniqueEmail()
    await record([discharge({ phone: null, email, locale: 'en' })])
    const r = rig()
    r.start()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepAndSettle(r)
    const inv = await onlyInvitation(c.id)
    const [mail, ...more] = sink.receivedFor(email)
    expect(more).toHaveLength(0)
    const link = `https://huiyin.example.cn/s/${surveyToken(t.ctx, inv.id)}`
    expect(mail!.mail.subject).toContain('would like to hear about your visit')
    expect(mail!.mail.text).toContain(link)
    expect(mail!.mail.text).toContain(`${link}/unsubscribe`)
    expect(mail!.mail.html).toContain(`href="${link}"`)
    expect(mail!.mail.headerLines.find((l) => l.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    expect(mail!.mail.headerLines.find((l) => l.key === 'list-unsubscribe')?.line).toContain(`<${link}/unsubscribe>`)
    expect(mail!.mail.messageId).toBe(`<survey-${inv.id}-invitation@huiyin>`)
    expect(inv).toMatchObject({ status: 'sent', channel: 'email' })

    // The person follows the link and confirms (without JavaScript: a plain POST).
    const client = new AppClient(t.ctx)
    const confirm = await client.get(`/s/${surveyToken(t.ctx, inv.id)}/unsubscribe`)
    expect(confirm.status).toBe(200)
    expect(confirm.text).toContain('Unsubscribe')
    const done = await client.post(`/s/${surveyToken(t.ctx, inv.id)}/unsubscribe`, { 'List-Unsubscribe': 'One-Click' }, { csrf: false })
    expect(done.status).toBe(200)
    expect(done.text).toContain('You are unsubscribed')
    expect(await t.ctx.db.select().from(emailOptOuts).where(and(eq(emailOptOuts.organizationId, h.organization.id), eq(emailOptOuts.email, email)))).toHaveLength(1)
    expect((await onlyInvitation(c.id)).status).toBe('opted_out')

    // No reminder, and the next discharge of the same person is never emailed.
    clock.set(new Date('2026-01-28T02:00:00Z'))
    expect((await sweepAndSettle(r)).reminders).toBe(0)
    const c2 = await campaign({ channelPreference: 'email', frequencyCapDays: 0, delayMinutes: 0 })
    await record([discharge({ phone: null, email: email.toUpperCase(), occurredAt: clock.now() })])
    await sweepAndSettle(r)
    expect(sink.receivedFor(email)).toHaveLength(1)
    expect(await onlyInvitation(c2.id)).toMatchObject({ status: 'opted_out', lastError: 'opted_out' })
  })

  it('falls back to email when the person opted out of SMS by replying TD, and never texts them', async () => {
    await t.ctx.db.update(organizations).set({ smsNumber: uniqueHospitalNumber() }).where(eq(organizations.id, h.organization.id))
    const [org] = await t.ctx.db.select().from(organizations).where(eq(organizations.id, h.organization.id))
    const phone = uniqueMobile()
    const email = uniqueEmail()
    const reply = await postTwilioWebhook(t.ctx, '/webhooks/twilio/sms', { MessageSid: `SM${randomBytes(16).toString('hex')}`, From: phone, To: org!.smsNumber!, Body: 'TD', AccountSid: `AC${'0123456789abcdef'.repeat(2)}` })
    expect(reply.status).toBe(200)
    const c = await campaign({ channelPreference: 'sms_then_email' })
    const smsOnly = await campaign({ channelPreference: 'sms', frequencyCapDays: 0 })
    await record([discharge({ phone, email })])
    const r = rig()
    r.start()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepAndSettle(r)
    expect(smsTo(phone)).toHaveLength(0)
    expect(sink.receivedFor(email)).toHaveLength(1)
    expect(await onlyInvitation(c.id)).toMatchObject({ status: 'sent', channel: 'email' })
    expect(await onlyInvitation(smsOnly.id)).toMatchObject({ status: 'opted_out', lastError: 'opted_out' })
  })

  it('marks an invitation with no usable contact failed without sending', async () => {
    const c = await campaign({ channelPreference: 'sms' })
    await record([discharge({ phone: null, email: uniqueEmail() })])
    const r = rig()
    r.start()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepAndSettle(r)
    expect(await onlyInvitation(c.id)).toMatchObject({ status: 'failed', lastError: 'no_contact' })
  })
})

describe('idempotent sending', () => {
  it('sends once when the same batch is enqueued five times and two worker sets race for it', async () => {
    const c = await campaign({ channelPreference: 'email' })
    const emails = [uniqueEmail(), uniqueEmail(), uniqueEmail()]
    await record(emails.map((email) => discharge({ phone: null, email })))
    const r = rig()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepSurveyWork(r.ctx)
    const ids = (await invitationsOf(c.id)).map((i) => i.id)
    await r.ctx.jobs.enqueueMany('sendSurveyByEmail', Array.from({ length: 4 }, () => ({ kind: 'invitation' as const, invitationIds: ids })))
    r.start()
    r.start()
    await r.idle()
    for (const email of emails) expect(sink.receivedFor(email)).toHaveLength(1)
    for (const inv of await invitationsOf(c.id)) expect(inv).toMatchObject({ status: 'sent', attempts: 1 })
    // A sweep afterwards hands over nothing: they are sent.
    expect((await sweepAndSettle(r)).invitations).toBe(0)
  })

  it('retries an SMS the provider refused for now, with backoff, and sends it once', async () => {
    const c = await campaign({ channelPreference: 'sms' })
    const event = discharge()
    await record([event])
    const r = rig()
    r.start()
    twilioApi.failNext(1, { status: 503, code: 20503, message: 'Service unavailable' })
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepAndSettle(r)
    const attempts = smsTo(event.phone!)
    expect(attempts.map((a) => a.answeredWith)).toEqual([503, 201])
    expect(await onlyInvitation(c.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null })
  })

  it('retries a temporary SMTP refusal and sends once', async () => {
    const c = await campaign({ channelPreference: 'email' })
    const email = uniqueEmail()
    await record([discharge({ phone: null, email })])
    sink.rejectRecipient(email, { code: 451, message: '4.3.0 Try again later' }, 1)
    const r = rig()
    r.start()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepAndSettle(r)
    expect(sink.recipientAttempts(email)).toBe(2)
    expect(sink.receivedFor(email)).toHaveLength(1)
    expect(await onlyInvitation(c.id)).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it('marks the invitation failed with the reason after a permanent refusal, without retrying', async () => {
    const c = await campaign({ channelPreference: 'email' })
    const email = uniqueEmail()
    await record([discharge({ phone: null, email })])
    sink.rejectRecipient(email, { code: 550, message: '5.1.1 No such user' })
    const r = rig()
    r.start()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepAndSettle(r)
    expect(sink.recipientAttempts(email)).toBe(1)
    const inv = await onlyInvitation(c.id)
    expect(inv.status).toBe('failed')
    expect(inv.lastError).toContain('No such user')
    expect((await historyOf(inv.id)).map((row) => row.status)).toEqual(['scheduled', 'failed'])
  })

  it('marks the invitation failed after the last retry of a provider that keeps failing', async () => {
    const c = await campaign({ channelPreference: 'sms' })
    const event = discharge()
    await record([event])
    twilioApi.failNext(3, { status: 503, code: 20503, message: 'Service unavailable' })
    const r = rig()
    r.start()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepAndSettle(r)
    expect(smsTo(event.phone!)).toHaveLength(3)
    expect(await onlyInvitation(c.id)).toMatchObject({ status: 'failed', attempts: 3 })
  })
})

describe('delivery status from Twilio', () => {
  it('moves a sent invitation to delivered on the status callback, and a late failed callback changes nothing', async () => {
    const c = await campaign({ channelPreference: 'sms' })
    await record([discharge()])
    const r = rig()
    r.start()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepAndSettle(r)
    const inv = await onlyInvitation(c.id)
    const sid = inv.providerMessageId!
    const delivered = await postTwilioWebhook(t.ctx, '/webhooks/twilio/status', { MessageSid: sid, MessageStatus: 'delivered', AccountSid: `AC${'0123456789abcdef'.repeat(2)}` })
    expect(delivered.status).toBeLessThan(300)
    expect(await onlyInvitation(c.id)).toMatchObject({ status: 'delivered' })
    await postTwilioWebhook(t.ctx, '/webhooks/twilio/status', { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30005', AccountSid: `AC${'0123456789abcdef'.repeat(2)}` })
    expect(await onlyInvitation(c.id)).toMatchObject({ status: 'delivered' })
  })

  it('marks an undelivered SMS failed with the carrier error', async () => {
    const c = await campaign({ channelPreference: 'sms' })
    await record([discharge()])
    const r = rig()
    r.start()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepAndSettle(r)
    const inv = await onlyInvitation(c.id)
    await postTwilioWebhook(t.ctx, '/webhooks/twilio/status', { MessageSid: inv.providerMessageId!, MessageStatus: 'undelivered', ErrorCode: '30005', AccountSid: `AC${'0123456789abcdef'.repeat(2)}` })
    const after = await onlyInvitation(c.id)
    expect(after.status).toBe('failed')
    expect(after.lastError).toContain('30005')
  })
})

describe('opt-out checked at send time', () => {
  it('sends no SMS to a number that replied TD after the invitation was handed to the queue', async () => {
    const c = await campaign({ channelPreference: 'sms' })
    const event = discharge()
    await record([event])
    const r = rig()
    clock.set(new Date('2026-01-26T01:00:00Z'))
    await sweepSurveyWork(r.ctx)
    await optOut(t.ctx.db, { organizationId: h.organization.id, phone: event.phone!, at: clock.now() })
    r.start()
    await r.idle()
    expect(smsTo(event.phone!)).toHaveLength(0)
    expect(await onlyInvitation(c.id)).toMatchObject({ status: 'opted_out' })
  })
})
