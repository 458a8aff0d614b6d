/**
 * Dispatch benchmark (issue 5): 100,000 due survey invitations (half SMS, half email) sent
 * through the real workers — the sweep job, the per-channel send jobs, the real nodemailer and
 * Twilio transports — to a local SMTP server and a Twilio stand-in, against bare BullMQ
 * processing 100,000 no-op jobs on the same Redis in the same run. Prints both rates, the
 * ratio and the peak memory of each worker process; fails if any invitation is not sent or
 * any recipient got a message twice.
 *
 *   npm run bench:dispatch        (BENCH_INVITATIONS: optional, default 100000)
 *
 * Uses a fresh database on the server at DATABASE_URL (dropped afterwards) and REDIS_URL; the
 * npm script points both at this machine's services. See bench/README.md.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { Queue } from 'bullmq'
import { eq } from 'drizzle-orm'
import { parseConfig } from '#app/lib/env.server.ts'
import { createLogger } from '#app/lib/logger.server.ts'
import { createHospital } from '#app/services/hospitals.server.ts'
import { createDatabase } from '#db/client.ts'
import { surveyCampaigns, surveyTemplates, surveyTemplateVersions } from '#db/schema/index.ts'
import { buildAppContext } from '#server/app-context.ts'
import { createJobQueue } from '#workers/enqueue.ts'
import { openBenchDatabase } from '../intake/database.ts'
import { deleteRedisKeys } from '../redis-keys.ts'
import { startCountingSinks } from './sinks.ts'

const RATIO_TARGET = 0.5
/** In flight at once in the survey workers: two send queues × 4 jobs. The baseline gets the same. */
const BASELINE_CONCURRENCY = 8
/** Sends in flight in the survey workers: 8 jobs × 4 parallel sends (app/services/survey-send.server.ts). */
const SENDS_IN_FLIGHT = 32
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`)
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

const cleanups: (() => Promise<unknown> | unknown)[] = []
async function cleanUp() {
  while (cleanups.length) {
    try {
      await cleanups.pop()!()
    } catch (e) {
      log(`clean-up step failed: ${(e as Error).message}`)
    }
  }
}

function child(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const proc = fork(here(script), args, { env, execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), ...(process.env.BENCH_HEAP_MB ? [`--max-old-space-size=${process.env.BENCH_HEAP_MB}`] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  cleanups.push(() => {
    if (proc.exitCode === null) proc.kill('SIGKILL')
  })
  return proc
}

function nextMessage<T extends { type: string }>(proc: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T) => {
      if (m.type !== type) return
      proc.off('message', onMessage)
      proc.off('exit', onExit)
      resolve(m)
    }
    const onExit = (code: number | null) => reject(new Error(`${type}: the child exited (${code}) first`))
    proc.on('message', onMessage)
    proc.once('exit', onExit)
  })
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`

async function main() {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) throw new Error('bench:dispatch needs DATABASE_URL and REDIS_URL (npm run bench:dispatch sets this machine’s)')
  const total = Number(process.env.BENCH_INVITATIONS ?? 100_000)
  if (!Number.isInteger(total) || total < 100) throw new Error('BENCH_INVITATIONS must be a whole number ≥ 100')
  const redisUrl = process.env.REDIS_URL
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
  const database = await openBenchDatabase(runId)
  cleanups.push(() => database.close())
  const prefix = `huiyin_bench_dispatch_${runId}`
  cleanups.push(() => deleteRedisKeys(redisUrl, prefix))
  const sinks = await startCountingSinks()
  cleanups.push(() => sinks.close())
  log(`database: ${database.description}; queue: Redis ${new URL(redisUrl).host}, prefix ${prefix}`)

  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    PUBLIC_URL: 'https://huiyin.example.cn',
    SMTP_URL: sinks.smtpUrl,
    TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
    TWILIO_AUTH_TOKEN: 'bench-auth-token',
    TWILIO_FROM: '+861065550100',
    TWILIO_API_BASE: sinks.twilioUrl,
    // The providers' limits are not what is measured here.
    SURVEY_SMS_PER_SECOND: '100000',
    SURVEY_EMAIL_PER_SECOND: '100000',
    LOG_LEVEL: 'warn',
  }
  const config = parseConfig(env)
  const database_ = createDatabase(database.url, { max: 4 })
  cleanups.push(() => database_.close())
  const db = database_.db
  const raw = database_.sql
  const jobs = createJobQueue({ kind: 'redis', url: redisUrl, prefix })
  cleanups.push(() => jobs.close())
  const ctx = buildAppContext({ config, database: database_, jobs, clock: { now: () => new Date() }, logger: createLogger('warn'), sessionSecret: env.SESSION_SECRET })

  // One hospital, one running discharge campaign, `total` invitations due a minute ago.
  const { organizationId } = await ctx.db.transaction(async (tx) => {
    const { organization } = await createHospital(ctx, tx, { name: '压测医院', nameEn: 'Bench Hospital', slug: `bench-${runId}` })
    return { organizationId: organization.id }
  })
  const [template] = await db.select().from(surveyTemplates).where(eq(surveyTemplates.key, 'inpatient'))
  const [version] = await db.select().from(surveyTemplateVersions).where(eq(surveyTemplateVersions.templateId, template!.id))
  const [campaign] = await db
    .insert(surveyCampaigns)
    .values({
      organizationId,
      name: '出院回访（压测）',
      templateId: template!.id,
      templateVersionId: version!.id,
      trigger: 'discharge',
      channelPreference: 'sms_then_email',
      delayMinutes: 0,
      allowedFrom: '00:00',
      allowedUntil: '23:59',
      reminderAfterMinutes: 2 * 24 * 60,
      expiryMinutes: 7 * 24 * 60,
      frequencyCapDays: 30,
      status: 'running',
    })
    .returning()
  log(`seeding ${total.toLocaleString('en-US')} due invitations …`)
  await raw`
    insert into survey_invitations (organization_id, campaign_id, template_version_id, person_key, recipient_name, phone, email, locale, token_hash, status, send_at, reminder_at, expires_at)
    select ${organizationId}, ${campaign!.id}, ${version!.id},
      case when n % 2 = 0 then '+86139' || lpad(n::text, 8, '0') else 'bench.' || n || '@example.org' end,
      '王芳',
      case when n % 2 = 0 then '+86139' || lpad(n::text, 8, '0') end,
      case when n % 2 = 1 then 'bench.' || n || '@example.org' end,
      case when n % 10 = 0 then 'en'::locale else 'zh-CN'::locale end,
      md5(${runId} || n::text), 'scheduled', now() - interval '1 minute', now() + interval '2 days', now() + interval '7 days'
    from generate_series(1, ${total}) n`
  await raw`analyze survey_invitations`

  // 1. The real workers, in their own process.
  const worker = child('worker.ts', [], env)
  await nextMessage(worker, 'ready')
  const started = performance.now()
  worker.send({ type: 'sweep' })
  let sent = 0
  let lastProgress = started
  for (;;) {
    await new Promise((r) => setTimeout(r, 250))
    const [row] = (await raw`select count(*) filter (where status <> 'scheduled')::int as done from survey_invitations where campaign_id = ${campaign!.id}`) as unknown as { done: number }[]
    sent = row!.done
    if (sent >= total) break
    if (performance.now() - lastProgress > 5_000) {
      log(`${sent.toLocaleString('en-US')} sent …`)
      lastProgress = performance.now()
    }
    if (performance.now() - started > 30 * 60_000) throw new Error(`only ${sent} of ${total} sent after 30 minutes`)
  }
  const dispatchSeconds = (performance.now() - started) / 1000
  worker.send({ type: 'peak' })
  const { peakRss: workerPeak } = await nextMessage<{ type: string; peakRss: number }>(worker, 'peak')
  worker.send({ type: 'stop' })
  await new Promise((r) => worker.once('exit', r))

  const statuses = (await raw`select status, count(*)::int as n from survey_invitations where campaign_id = ${campaign!.id} group by status`) as unknown as { status: string; n: number }[]
  const sentRows = statuses.find((s) => s.status === 'sent')?.n ?? 0
  const smsCount = [...sinks.sms.values()].reduce((a, b) => a + b, 0)
  const emailCount = [...sinks.emails.values()].reduce((a, b) => a + b, 0)
  const twice = [...sinks.sms.values(), ...sinks.emails.values()].filter((n) => n > 1).length
  if (sentRows !== total) throw new Error(`expected ${total} invitations sent, got ${JSON.stringify(statuses)}`)
  if (smsCount + emailCount !== total || twice > 0) throw new Error(`the sinks received ${smsCount} SMS and ${emailCount} emails for ${total} invitations; ${twice} recipients more than once`)

  // 2. Baseline: bare BullMQ, the same number of no-op jobs, the same Redis.
  const baselineQueueName = 'noop'
  const baselinePrefix = `${prefix}_noop`
  const queue = new Queue(baselineQueueName, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: baselinePrefix })
  cleanups.push(() => queue.close())
  for (let i = 0; i < total; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, total - i) }, (_, j) => ({ name: 'noop', data: { n: i + j }, opts: { removeOnComplete: { count: 1000 } } })))
  }
  const noop = child('noop-worker.ts', [redisUrl, baselinePrefix, baselineQueueName, String(total), String(BASELINE_CONCURRENCY)], process.env)
  await nextMessage(noop, 'ready')
  noop.send({ type: 'start' })
  const baseline = await nextMessage<{ type: string; seconds: number; peakRss: number }>(noop, 'done')

  // 3. The transports alone, to the same sinks, as many sends in flight as the workers have.
  sinks.emails.clear()
  sinks.sms.clear()
  const floor = child('transport-floor.ts', [String(total), String(SENDS_IN_FLIGHT)], env)
  await nextMessage(floor, 'ready')
  floor.send({ type: 'start' })
  const transportsOnly = await nextMessage<{ type: string; seconds: number; peakRss: number }>(floor, 'done')

  const dispatchRate = total / dispatchSeconds
  const baselineRate = total / baseline.seconds
  const ratio = dispatchRate / baselineRate
  const floorRate = total / transportsOnly.seconds
  const report = [
    '',
    `Survey dispatch, ${total.toLocaleString('en-US')} due invitations (${smsCount.toLocaleString('en-US')} SMS to the Twilio stand-in, ${emailCount.toLocaleString('en-US')} emails over SMTP), this machine:`,
    `  real workers (sweep + send jobs + transports):  ${perSecond(dispatchRate)}  (${dispatchSeconds.toFixed(1)} s)`,
    `  bare BullMQ, no-op jobs, concurrency ${BASELINE_CONCURRENCY}:       ${perSecond(baselineRate)}  (${baseline.seconds.toFixed(1)} s)`,
    `  ratio: ${ratio.toFixed(2)}  (target ≥ ${RATIO_TARGET})  ${ratio >= RATIO_TARGET ? 'MET' : 'NOT MET'}`,
    `  transports alone (no database, no queue), ${SENDS_IN_FLIGHT} in flight: ${perSecond(floorRate)}  → ratio to bare BullMQ ${(floorRate / baselineRate).toFixed(2)}; the workers reach ${((dispatchRate / floorRate) * 100).toFixed(0)}% of it`,
    `  peak memory (RSS): survey worker process ${mb(workerPeak)}; bare BullMQ worker ${mb(baseline.peakRss)}`,
    `  every invitation sent once: ${sentRows.toLocaleString('en-US')} rows 'sent', no recipient received twice`,
    '',
  ]
  console.log(report.join('\n'))
}

main()
  .catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(cleanUp)
