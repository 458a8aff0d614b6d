/**
 * SLA benchmark (issue 4): with 100,000 open cases (200,000 running clocks) on real PostgreSQL
 * and Redis,
 *  1. how long the every-minute sweep takes (nothing missed, and catching up 100 missed
 *     milestones), against one indexed primary-key read measured in the same run;
 *  2. how late escalations fire (fired time minus due time, p50/p99) for 1,000 clocks whose
 *     warnings fall due within the same minute, through the real BullMQ workers, against
 *     1,000 bare BullMQ delayed no-op jobs due in another minute of the same run.
 *
 *   npm run bench:sla        (BENCH_CASES: optional, default 100000)
 *
 * Uses a fresh database on the server at DATABASE_URL (dropped afterwards) and BullMQ on
 * REDIS_URL; the npm script points both at this machine's services. See bench/README.md.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { Queue, Worker } from 'bullmq'
import { sql } from 'drizzle-orm'
import { parseConfig } from '#app/lib/env.server.ts'
import { createLogger } from '#app/lib/logger.server.ts'
import { createHospital } from '#app/services/hospitals.server.ts'
import { fireClockEscalations, scheduleClockJobs, sweepDueEscalations } from '#app/services/sla-escalations.server.ts'
import { createDatabase } from '#db/client.ts'
import { caseClocks } from '#db/schema/index.ts'
import { createJobQueue } from '#workers/enqueue.ts'
import { startWorkers } from '#workers/index.ts'
import { createTransports } from '#workers/transports/index.ts'
import { buildAppContext } from '#server/app-context.ts'
import { openBenchDatabase } from '../intake/database.ts'
import { deleteRedisKeys } from '../redis-keys.ts'

const SWEEP_TARGET_MS = 1000
const LATENESS_P99_TARGET_MS = 5000
const CLOCKS_IN_MINUTE = 1000
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`)

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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50)

async function main() {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) throw new Error('bench:sla needs DATABASE_URL and REDIS_URL (npm run bench:sla sets this machine’s)')
  const caseCount = Number(process.env.BENCH_CASES ?? 100_000)
  if (!Number.isInteger(caseCount) || caseCount < CLOCKS_IN_MINUTE) throw new Error(`BENCH_CASES must be a whole number ≥ ${CLOCKS_IN_MINUTE}`)
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
  const database = await openBenchDatabase(runId)
  cleanups.push(() => database.close())
  const dataDir = mkdtempSync(path.join(tmpdir(), 'huiyin-bench-sla-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const prefix = `huiyin_bench_sla_${runId}`
  cleanups.push(() => deleteRedisKeys(process.env.REDIS_URL!, prefix))

  const config = parseConfig({ NODE_ENV: 'production', DATABASE_URL: database.url, REDIS_URL: process.env.REDIS_URL, DATA_DIR: dataDir, QUEUE_PREFIX: prefix, SESSION_SECRET: randomBytes(32).toString('base64url') })
  const db = createDatabase(database.url, { max: 10 })
  cleanups.push(() => db.close())
  const backend = { kind: 'redis' as const, url: process.env.REDIS_URL, prefix }
  const jobs = createJobQueue(backend)
  cleanups.push(() => jobs.close())
  const ctx = buildAppContext({ config, database: db, jobs, clock: { now: () => new Date() }, logger: createLogger('warn'), sessionSecret: 'bench-secret-bench-secret-bench-secret' })

  log(`database: ${database.description}; queue: Redis ${new URL(process.env.REDIS_URL).host}, prefix ${prefix}`)
  const { organizationId } = await ctx.db.transaction(async (tx) => {
    const { organization } = await createHospital(ctx, tx, { name: '压测医院', nameEn: 'Bench Hospital', slug: `bench-${runId}` })
    return { organizationId: organization.id }
  })
  await seedStaff(db, organizationId)

  log(`seeding ${caseCount.toLocaleString('en-US')} open cases with 2 running clocks each …`)
  const seedStart = performance.now()
  await seedOpenCases(db, organizationId, caseCount)
  log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`)

  // 1. The sweep. Baseline: one primary-key read of a clock.
  const someClockId = ((await db.sql`select id from case_clocks limit 1`) as unknown as { id: string }[])[0]!.id
  const baseline: number[] = []
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now()
    await db.sql`select * from case_clocks where id = ${someClockId}`
    baseline.push(performance.now() - t0)
  }
  const idle: number[] = []
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now()
    const handled = await sweepDueEscalations(ctx)
    idle.push(performance.now() - t0)
    if (handled !== 0) throw new Error(`the idle sweep handled ${handled} clocks`)
  }
  // 100 warnings missed 10 minutes ago (their jobs lost): one sweep notifies them all.
  await db.sql`
    update case_clocks set warn_at = now() - interval '10 minutes', next_escalation_at = now() - interval '10 minutes'
    where id in (select id from case_clocks where kind = 'answer' order by id limit 100)`
  const t0 = performance.now()
  const caught = await sweepDueEscalations(ctx)
  const catchUp = performance.now() - t0
  if (caught !== 100) throw new Error(`the catch-up sweep handled ${caught} clocks, expected 100`)

  // How fast milestones can be notified, 4 at a time like one worker process.
  const burst = (await db.sql`
    update case_clocks set warn_at = now() - interval '1 minute', next_escalation_at = now() - interval '1 minute'
    where id in (select id from case_clocks where kind = 'answer' and escalated_through is null order by id desc limit 400)
    returning id, organization_id`) as unknown as { id: string; organization_id: string }[]
  const fireStart = performance.now()
  await Promise.all(
    [0, 1, 2, 3].map(async (lane) => {
      for (let i = lane; i < burst.length; i += 4) await fireClockEscalations(ctx, { organizationId: burst[i]!.organization_id, clockId: burst[i]!.id })
    }),
  )
  const firePerSecond = burst.length / ((performance.now() - fireStart) / 1000)

  // 2. Lateness through the real workers: 1,000 warnings in one minute, starting 20 s from now.
  const transports = createTransports(config)
  cleanups.push(async () => {
    await transports.email.close()
    await transports.sms.close()
  })
  const workers = startWorkers({ ctx, transports }, backend)
  cleanups.push(() => workers.close())
  const minuteStart = Date.now() + 20_000
  const chosen = (await db.sql`
    update case_clocks c set warn_at = to_timestamp((${minuteStart} + floor(random() * 60000))::double precision / 1000),
      next_escalation_at = null, escalated_through = null
    from (select id from case_clocks where kind = 'first_contact' order by id limit ${CLOCKS_IN_MINUTE}) pick
    where c.id = pick.id
    returning c.id`) as unknown as { id: string }[]
  await db.sql`update case_clocks set next_escalation_at = warn_at where id in ${db.sql(chosen.map((c) => c.id))}`
  const rows = await ctx.db.select().from(caseClocks).where(sql`${caseClocks.id} in ${chosen.map((c) => c.id)}`)
  const scheduleStart = performance.now()
  await scheduleClockJobs(ctx, rows, { replace: true })
  log(`scheduled ${rows.length} escalation jobs in ${ms(performance.now() - scheduleStart)}; waiting for the minute to pass …`)

  // Baseline: bare delayed no-op jobs through BullMQ on the same Redis, in the minute after.
  const bare = await bareDelayedJobLateness(process.env.REDIS_URL, `${prefix}_bare`, minuteStart + 60_000)

  const deadline = Date.now() + 5 * 60_000
  for (;;) {
    const left = ((await db.sql`select count(*)::int as left from case_clocks where id in ${db.sql(chosen.map((c) => c.id))} and escalated_through is null`) as unknown as { left: number }[])[0]!.left
    if (left === 0) break
    if (Date.now() > deadline) throw new Error(`${left} escalations had not fired 5 minutes after their minute`)
    await new Promise((r) => setTimeout(r, 500))
  }
  const fired = (await db.sql`
    select extract(epoch from (min(n.created_at) - c.warn_at)) * 1000 as late
    from case_clocks c join notifications n on n.case_id = c.case_id and n.milestone = 'warn' and n.clock_kind = 'first_contact'
    where c.id in ${db.sql(chosen.map((c) => c.id))}
    group by c.id, c.warn_at`) as unknown as { late: string }[]
  const lateness = fired.map((f) => Number(f.late)).sort((a, b) => a - b)
  if (lateness.length !== CLOCKS_IN_MINUTE) throw new Error(`found ${lateness.length} fired warnings, expected ${CLOCKS_IN_MINUTE}`)

  const sweepIdle = median(idle)
  const base = median(baseline)
  const p50 = percentile(lateness, 50)
  const p99 = percentile(lateness, 99)
  const bareP50 = percentile(bare, 50)
  const bareP99 = percentile(bare, 99)
  const report = [
    `SLA benchmark — ${caseCount.toLocaleString('en-US')} open cases, ${(caseCount * 2).toLocaleString('en-US')} running clocks`,
    `  sweep, nothing missed:   median ${ms(sweepIdle)}, max ${ms(Math.max(...idle))}  (${(sweepIdle / base).toFixed(1)}× one primary-key read of ${ms(base)})  target < ${SWEEP_TARGET_MS} ms: ${Math.max(...idle) < SWEEP_TARGET_MS ? 'PASS' : 'FAIL'}`,
    `  sweep, catching up 100 missed milestones (for information): ${ms(catchUp)}; notifying runs at ${firePerSecond.toFixed(0)}/s, 4 at a time`,
    `  escalation lateness, ${CLOCKS_IN_MINUTE} due in one minute: p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(lateness.at(-1)!)}, min ${ms(lateness[0]!)}`,
    `  bare BullMQ delayed no-op job lateness (same run): p50 ${ms(bareP50)}, p99 ${ms(bareP99)}; ratio p99 ${(p99 / Math.max(bareP99, 1)).toFixed(1)}×`,
    `  target p99 < ${LATENESS_P99_TARGET_MS} ms: ${p99 < LATENESS_P99_TARGET_MS ? 'PASS' : 'FAIL'}`,
  ].join('\n')
  process.stdout.write(`${report}\n`)
  return Math.max(...idle) < SWEEP_TARGET_MS && p99 < LATENESS_P99_TARGET_MS
}

/** One department head per department is enough to pick recipients; patient service gets two staff. */
async function seedStaff(db: ReturnType<typeof createDatabase>, organizationId: string) {
  await db.sql`
    with u as (
      insert into users (email, name) values (${`ps1-${organizationId}@bench.local`}, '患者服务部一'), (${`ps2-${organizationId}@bench.local`}, '患者服务部二'), (${`lead-${organizationId}@bench.local`}, '院领导')
      returning id, email)
    insert into memberships (organization_id, user_id, role)
    select ${organizationId}, id, case when email like 'lead-%' then 'leadership'::role else 'patient_service'::role end from u`
}

/** Open complaints received over the last two working weeks, waiting in patient service's queue, with running first-contact and answer clocks due in the future. */
async function seedOpenCases(db: ReturnType<typeof createDatabase>, organizationId: string, count: number) {
  const ps = ((await db.sql`select id from departments where organization_id = ${organizationId} and type = 'patient_service'`) as unknown as { id: string }[])[0]!.id
  const batch = 20_000
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start)
    await db.sql`
      with s as (
        insert into submissions (organization_id, number, kind, channel, text, locale, received_at)
        select ${organizationId}, 'HY-B-' || lpad((${start} + g)::text, 7, '0'), 'complaint', 'web', '候诊时间太长，没人解释原因', 'zh-CN', now() - (random() * interval '2 hours')
        from generate_series(1, ${n}) g
        returning id, number, received_at),
      c as (
        insert into cases (organization_id, submission_id, number, status, first_responsible_department_id, owner_department_id, answer_due_at, opened_at)
        select ${organizationId}, s.id, s.number, 'received', ${ps}, ${ps}, s.received_at + interval '7 days', s.received_at from s
        returning id, opened_at)
      insert into case_clocks (organization_id, case_id, kind, started_at, duration_minutes, due_at, warn_at, overdue_at, next_escalation_at)
      select ${organizationId}, c.id, k.kind::clock_kind, c.opened_at, k.minutes,
        c.opened_at + k.due, c.opened_at + k.warn, c.opened_at + k.due + interval '1 day', c.opened_at + k.warn
      from c cross join (values ('first_contact', 1440, interval '1 day', interval '18 hours'), ('answer', 7200, interval '7 days', interval '5 days')) as k(kind, minutes, due, warn)`
  }
  await db.sql`analyze case_clocks`
}

/** Lateness (ms) of 1,000 delayed jobs that do nothing, due within the minute from `minuteStart`. */
async function bareDelayedJobLateness(redisUrl: string, prefix: string, minuteStart: number): Promise<number[]> {
  const connection = { url: redisUrl, maxRetriesPerRequest: null }
  const queue = new Queue('bare', { connection, prefix })
  const late: number[] = []
  const worker = new Worker(
    'bare',
    async (job) => {
      late.push(Date.now() - (job.data as { at: number }).at)
    },
    { connection, prefix, concurrency: 4 },
  )
  try {
    const now = Date.now()
    await queue.addBulk(
      Array.from({ length: CLOCKS_IN_MINUTE }, (_, i) => {
        const at = minuteStart + Math.floor(Math.random() * 60_000)
        return { name: 'noop', data: { at }, opts: { jobId: `bare-${i}`, delay: at - now, removeOnComplete: true } }
      }),
    )
    const deadline = minuteStart + 3 * 60_000
    while (late.length < CLOCKS_IN_MINUTE && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250))
    return late.sort((a, b) => a - b)
  } finally {
    await worker.close()
    await queue.obliterate({ force: true })
    await queue.close()
  }
}


let code = 1
try {
  code = (await main()) ? 0 : 1
} catch (e) {
  log(`failed: ${(e as Error).stack ?? e}`)
  code = 2
} finally {
  await cleanUp()
}
process.exit(code)
