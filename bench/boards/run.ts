/**
 * Boards benchmark (issue 6): a generator loads two years of a hospital's data (default
 * 1,000,000 survey responses, 200,000 quick ratings, 100,000 cases over 24 months and 40
 * departments) into real PostgreSQL and rebuilds the rollups; then the department board and
 * hospital overview loaders run 200 times each (p50/p95), against the same figures computed by
 * plain aggregates over the raw rows in the same run. Checks that both give the same figures.
 * Targets: loader p95 < 100 ms; naive / loader ≥ 20×.
 *
 *   npm run bench:boards      (BENCH_RESPONSES, BENCH_QUICK_RATINGS, BENCH_CASES, BENCH_DEPARTMENTS, BENCH_MONTHS)
 *
 * Uses a fresh database on the server at DATABASE_URL (dropped afterwards). See bench/README.md.
 */
import { randomBytes } from 'node:crypto'
import { parseConfig } from '#app/lib/env.server.ts'
import { createLogger } from '#app/lib/logger.server.ts'
import { rebuildRollups } from '#app/services/board-rollups.server.ts'
import { loadDepartmentBoard, loadHospitalOverview, type BoardViewer } from '#app/services/boards.server.ts'
import { createHospital } from '#app/services/hospitals.server.ts'
import { createDatabase } from '#db/client.ts'
import { buildAppContext } from '#server/app-context.ts'
import { createJobQueue } from '#workers/enqueue.ts'
import { openBenchDatabase } from '../intake/database.ts'
import { deleteRedisKeys } from '../redis-keys.ts'
import { naiveDepartmentTrend, naiveOverview } from './naive.ts'
import { seedBoardsVolume } from './seed.ts'

const P95_TARGET_MS = 100
const RATIO_TARGET = 20
const REQUESTS = 200
/** The naive aggregates take seconds each at full volume: fewer runs give a stable median. */
const BASELINE_RUNS = Number(process.env.BENCH_BASELINE_RUNS ?? 10)
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`)
const envInt = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1`)
  return n
}

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

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const value = await run()
  return [performance.now() - t0, value]
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('bench:boards needs DATABASE_URL (npm run bench:boards sets this machine’s)')
  const volume = {
    departments: envInt('BENCH_DEPARTMENTS', 40),
    months: envInt('BENCH_MONTHS', 24),
    responses: envInt('BENCH_RESPONSES', 1_000_000),
    quickRatings: envInt('BENCH_QUICK_RATINGS', 200_000),
    cases: envInt('BENCH_CASES', 100_000),
  }
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
  const database = await openBenchDatabase(runId)
  cleanups.push(() => database.close())
  const redisUrl = process.env.REDIS_URL
  const prefix = `huiyin_bench_boards_${runId}`
  if (redisUrl) cleanups.push(() => deleteRedisKeys(redisUrl, prefix))
  const config = parseConfig({ NODE_ENV: 'production', DATABASE_URL: database.url, ...(redisUrl && { REDIS_URL: redisUrl }), QUEUE_PREFIX: prefix, SESSION_SECRET: randomBytes(32).toString('base64url') })
  const db = createDatabase(database.url, { max: 4 })
  cleanups.push(() => db.close())
  const jobs = createJobQueue(redisUrl ? { kind: 'redis', url: redisUrl, prefix } : { kind: 'postgres', url: database.url, prefix })
  cleanups.push(() => jobs.close())
  const ctx = buildAppContext({ config, database: db, jobs, clock: { now: () => new Date() }, logger: createLogger('warn'), sessionSecret: config.sessionSecret! })
  log(`database: ${database.description}`)

  const { organizationId } = await ctx.db.transaction(async (tx) => {
    const { organization } = await createHospital(ctx, tx, { name: '压测医院', nameEn: 'Bench Hospital', slug: `bench-${runId}` })
    return { organizationId: organization.id }
  })
  const seedStart = performance.now()
  const departmentIds = await seedBoardsVolume(db.sql, { organizationId, now: ctx.clock.now(), volume, log })
  log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(0)} s; rebuilding the rollups …`)
  const [rebuildMs] = await timed(() => rebuildRollups(ctx, organizationId))
  log(`rollups rebuilt in ${(rebuildMs / 1000).toFixed(1)} s`)

  const viewer: BoardViewer = { organizationId, timeZone: 'Asia/Shanghai', boardSettings: null, role: 'leadership', departmentIds: [] }
  const lastFull = (await loadHospitalOverview(ctx, viewer, { month: null, sort: null, dir: null })).month
  const monthStart = `${lastFull}-01`

  // Same figures both ways, for every department of the last full month and one department's year.
  const overview = await loadHospitalOverview(ctx, viewer, { month: lastFull, sort: null, dir: null })
  const naive = await naiveOverview(db.sql, { organizationId, month: monthStart })
  let compared = 0
  for (const row of overview.rows) {
    const n = naive.get(row.department.id)
    if (!n) continue
    const expected = { responses: n.responses, complaints: n.complaints, validComplaints: n.validComplaints, quickRatings: n.quickRatings, praise: n.praise, visits: n.visits }
    const got = { responses: row.figures.responses, complaints: row.figures.complaints, validComplaints: row.figures.validComplaints, quickRatings: row.figures.quickRatings, praise: row.figures.praise, visits: row.figures.visits }
    if (JSON.stringify(expected) !== JSON.stringify(got)) throw new Error(`figures differ for ${row.department.name}: rollups ${JSON.stringify(got)}, raw rows ${JSON.stringify(expected)}`)
    const satisfaction = n.ratingCount ? (n.ratingSum / n.ratingCount) * 20 : null
    if ((satisfaction === null) !== (row.figures.satisfaction === null) || Math.abs((satisfaction ?? 0) - (row.figures.satisfaction ?? 0)) > 1e-9) {
      throw new Error(`satisfaction differs for ${row.department.name}: rollups ${row.figures.satisfaction}, raw rows ${satisfaction}`)
    }
    compared++
  }
  if (compared < volume.departments) throw new Error(`only ${compared} of ${volume.departments} departments could be compared`)

  // The loaders, 200 requests each (the department rotates).
  const boardTimes: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const [t] = await timed(() => loadDepartmentBoard(ctx, viewer, { departmentId: departmentIds[i % departmentIds.length]!, month: lastFull }))
    boardTimes.push(t)
  }
  const overviewTimes: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const [t] = await timed(() => loadHospitalOverview(ctx, viewer, { month: lastFull, sort: i % 2 ? 'satisfaction' : 'complaints', dir: 'desc' }))
    overviewTimes.push(t)
  }
  // The same figures from raw rows.
  const naiveBoardTimes: number[] = []
  const naiveOverviewTimes: number[] = []
  for (let i = 0; i < BASELINE_RUNS; i++) {
    naiveBoardTimes.push((await timed(() => naiveDepartmentTrend(db.sql, { organizationId, departmentId: departmentIds[i % departmentIds.length]!, month: monthStart })))[0])
    naiveOverviewTimes.push((await timed(() => naiveOverview(db.sql, { organizationId, month: monthStart })))[0])
  }

  const line = (name: string, times: number[], naiveTimes: number[]) => {
    const p50 = percentile(times, 50)
    const p95 = percentile(times, 95)
    const ratio = percentile(naiveTimes, 50) / p50
    return [
      `  ${name}: p50 ${ms(p50)}, p95 ${ms(p95)} (target < ${P95_TARGET_MS} ms: ${p95 < P95_TARGET_MS ? 'MET' : 'NOT MET'})`,
      `    naive aggregate over raw rows: p50 ${ms(percentile(naiveTimes, 50))} (${naiveTimes.length} runs) → ${ratio.toFixed(0)}× (target ≥ ${RATIO_TARGET}×: ${ratio >= RATIO_TARGET ? 'MET' : 'NOT MET'})`,
    ]
  }
  console.log(
    [
      '',
      `Boards, ${volume.responses.toLocaleString('en-US')} responses, ${volume.quickRatings.toLocaleString('en-US')} quick ratings, ${volume.cases.toLocaleString('en-US')} cases over ${volume.months} months and ${volume.departments} departments; month ${lastFull}:`,
      ...line(`department board (${REQUESTS} requests)`, boardTimes, naiveBoardTimes),
      ...line(`hospital overview (${REQUESTS} requests)`, overviewTimes, naiveOverviewTimes),
      `  rollup rebuild from raw rows: ${(rebuildMs / 1000).toFixed(1)} s; figures checked equal for ${compared} departments`,
      '',
    ].join('\n'),
  )
}

main()
  .catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(cleanUp)
