import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { eq } from 'drizzle-orm'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultCampaignSettings } from '#app/domain/survey-campaign-settings.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { createLogger } from '#app/lib/logger.server.ts'
import { recordPatientEvents } from '#app/services/patient-events.server.ts'
import { REQUEUE_AFTER_MS, sweepSurveyWork } from '#app/services/survey-dispatch.server.ts'
import { listSurveyTemplates } from '#app/services/survey-templates.server.ts'
import { surveyCampaigns, surveyInvitations, surveyTemplateVersions } from '#db/schema/index.ts'
import { createJobQueue } from '#workers/enqueue.ts'
import { startWorkers } from '#workers/index.ts'
import type { QueueBackendConfig } from '#workers/queue-connection.ts'
import { createSmtpTransport } from '#workers/transports/smtp.ts'
import type { Transports } from '#workers/transports/index.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { eventually } from '#tests/helpers/eventually.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { startSmtpSink, type SmtpSink } from '#tests/helpers/smtp-sink.ts'

/**
 * DESIGN.md §4: "Losing Redis loses no invitation." A Redis of our own is killed while the
 * send workers are busy and started again empty; every due invitation is then sent exactly
 * once, checked at a real SMTP server.
 */

const PEOPLE = 60
const clock = testClock(new Date('2026-01-26T01:00:00Z')) // Monday 09:00 in Shanghai

let t: TestContext
let h: TestHospital
let sink: SmtpSink
let redisPort: number
let redis: ChildProcess | null = null

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** A throw-away Redis without persistence: killing it loses every job it held. */
async function startRedis() {
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' })
  await eventually(
    () => ping(),
    (answer) => answer === 'PONG',
    'the test Redis to start',
  )
}

async function ping(): Promise<string> {
  const probe = new Redis({ port: redisPort, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => {})
  try {
    await probe.connect()
    return await probe.ping()
  } catch {
    return 'down'
  } finally {
    probe.disconnect()
  }
}

async function killRedis() {
  const child = redis!
  redis = null
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

beforeAll(async () => {
  sink = await startSmtpSink()
  redisPort = await freePort()
  await startRedis()
  t = createTestContext({ clock })
  h = await createHospitalWithStaff(t.ctx)
})

afterAll(async () => {
  await t?.close()
  await sink?.close()
  if (redis) await killRedis()
})

describe('Redis stopped mid-dispatch', () => {
  it('sends every due invitation exactly once after Redis is killed and restarted empty', async () => {
    const template = (await listSurveyTemplates(t.ctx, h.organization.id)).find((x) => x.key === 'inpatient')!
    const [version] = await t.ctx.db.select().from(surveyTemplateVersions).where(eq(surveyTemplateVersions.templateId, template.id))
    const [campaign] = await t.ctx.db
      .insert(surveyCampaigns)
      .values({ organizationId: h.organization.id, name: '出院回访', templateId: template.id, templateVersionId: version!.id, ...defaultCampaignSettings('discharge'), channelPreference: 'email', delayMinutes: 0, status: 'running' })
      .returning()
    const emails = Array.from({ length: PEOPLE }, (_, i) => `outage.${i}.${randomBytes(3).toString('hex')}@example.org`)
    await t.ctx.db.transaction((tx) =>
      recordPatientEvents(
        t.ctx,
        tx,
        h.organization.id,
        emails.map((email) => ({ type: 'discharge', externalId: `ZY-${randomBytes(5).toString('hex')}`, patientName: null, phone: null, email, departmentId: null, touchpointId: null, occurredAt: clock.now(), locale: 'zh-CN' })),
        { source: 'api' },
      ),
    )

    const backend: QueueBackendConfig = { kind: 'redis', url: `redis://127.0.0.1:${redisPort}`, prefix: `outage${randomBytes(3).toString('hex')}` }
    const jobs = createJobQueue(backend, { retry: { attempts: 3, backoff: { type: 'exponential', delay: 100 } } })
    // Small batches and a slow provider, so the kill lands while most jobs still wait in Redis.
    const ctx: AppContext = { ...t.ctx, jobs, logger: createLogger('error', () => {}), config: { ...t.ctx.config, surveyRates: { sms: 20, email: 20 } } }
    const smtp = createSmtpTransport(sink.url, 'Huiyin <no-reply@huiyin.local>')
    const slowEmail: Transports['email'] = { kind: 'smtp', send: async (m) => (await new Promise((r) => setTimeout(r, 20)), smtp.send(m)), close: () => smtp.close() }
    const transports: Transports = { email: slowEmail, sms: { kind: 'outbox', send: () => Promise.reject(new Error('no SMS here')), close: async () => {} } }
    const workers = startWorkers({ ctx, transports }, backend, { concurrency: 1 })
    try {
      expect((await sweepSurveyWork(ctx)).invitations).toBe(PEOPLE)
      await eventually(() => Promise.resolve(sink.received.filter((m) => emails.includes(m.envelope.to[0]!)).length), (n) => n >= 8, 'some invitations to go out')

      await killRedis()
      // A job that was mid-batch finishes its rows without Redis (the outbox is PostgreSQL).
      await eventually(() => countLeased(campaign!.id), (n) => n === 0, 'the batch in flight to finish')
      const sentBeforeRestart = await countSent(campaign!.id)
      expect(sentBeforeRestart).toBeLessThan(PEOPLE)
      await startRedis()

      // The jobs died with Redis. Once their hand-over is stale, the sweep hands the rest over again.
      clock.advance(REQUEUE_AFTER_MS + 60_000)
      const again = await sweepSurveyWork(ctx)
      expect(again.invitations).toBe(PEOPLE - sentBeforeRestart)
      await eventually(() => countSent(campaign!.id), (n) => n === PEOPLE, 'every invitation to be sent', 30_000)

      for (const email of emails) expect(sink.receivedFor(email), email).toHaveLength(1)
      const rows = await t.ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.campaignId, campaign!.id))
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
    } finally {
      await workers.close(5_000)
      await jobs.close()
      await smtp.close()
    }
  })
})

async function countSent(campaignId: string) {
  const rows = await t.ctx.db.select({ status: surveyInvitations.status }).from(surveyInvitations).where(eq(surveyInvitations.campaignId, campaignId))
  return rows.filter((r) => r.status === 'sent').length
}

async function countLeased(campaignId: string) {
  const rows = await t.ctx.db.select({ until: surveyInvitations.sendingUntil }).from(surveyInvitations).where(eq(surveyInvitations.campaignId, campaignId))
  return rows.filter((r) => r.until !== null).length
}
