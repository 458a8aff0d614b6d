/**
 * Intake benchmark (issue 3): requests per second of `POST /q/:code` creating a complaint with
 * its case, against a bare node:http server doing one postgres.js INSERT, in the same run with
 * the same load; and the bytes of the first load of `/q/:code` with and without JavaScript.
 *
 *   npm run bench:intake            (BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS: optional)
 *
 * Uses the server at DATABASE_URL (a fresh database, dropped afterwards) or an embedded
 * PostgreSQL; BullMQ on REDIS_URL when set, else on PostgreSQL. See bench/README.md.
 */
import { ensureBuildAndHoldIt } from '../../server/production-build.ts'
import { startAppServer } from './app-server.ts'
import { startBaselineServer } from './baseline.ts'
import { openBenchDatabase } from './database.ts'
import { measure, multipartBody, type LoadResult, type LoadSettings } from './load.ts'
import { formSession, measurePageWeight } from './page-weight.ts'
import { countIntake, seedBenchHospital } from './seed.ts'

const RATIO_TARGET = 0.5
const NO_JS_TARGET_BYTES = 60 * 1024
const COMPLAINT_TEXT = '门诊二楼收费窗口排队四十分钟，只开了一个窗口，也没有人解释原因。希望高峰时段多开窗口。'

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`)
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const num = (n: number) => Math.round(n).toLocaleString('en-US')

function positive(name: string, fallback: number) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of seconds or connections ≥ 0, got "${raw}"`)
  return n
}

const cleanups: (() => Promise<unknown> | unknown)[] = []
async function cleanUp() {
  while (cleanups.length) {
    try {
      await cleanups.pop()!()
    } catch (e) {
      log(`clean-up step failed: ${String(e)}`)
    }
  }
}

/** Most responses must be the 303 of a recorded complaint; anything else means we measured an error page. */
function requireMostly(label: string, r: LoadResult, expected: number) {
  if (r.total === 0 || r.ok < r.total * 0.99 || r.failures > r.total * 0.01) {
    throw new Error(`${label}: only ${r.ok} of ${r.total} responses were ${expected} (status codes ${JSON.stringify(r.statusCodes)}, failures ${r.failures}); not a valid measurement`)
  }
}

function row(label: string, value: string, extra = '') {
  return `  ${label.padEnd(44)} ${value.padStart(12)}  ${extra}`
}

async function main() {
  const settings: LoadSettings = {
    connections: Math.max(1, Math.round(positive('BENCH_CONNECTIONS', 10))),
    durationSeconds: positive('BENCH_DURATION', 10),
    warmupSeconds: positive('BENCH_WARMUP', 2),
  }
  if (settings.durationSeconds <= 0) throw new Error('BENCH_DURATION must be more than 0')
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`

  const build = await ensureBuildAndHoldIt(log)
  cleanups.push(() => build.release())
  const database = await openBenchDatabase(runId)
  cleanups.push(() => database.close())
  log(database.description)
  const hospital = await seedBenchHospital(database.url)

  const app = await startAppServer({ databaseUrl: database.url, runId })
  cleanups.push(() => app.stop())
  const baseline = await startBaselineServer(database.url)
  cleanups.push(() => baseline.stop())
  log(`app ${app.url} (queue on ${app.queue}), baseline ${baseline.url}`)

  const pageUrl = `${app.url}/q/${hospital.publicCode}`
  const weight = await measurePageWeight(pageUrl)

  const session = await formSession(pageUrl)
  const { body, contentType } = await multipartBody({ intent: 'feedback', kind: 'complaint', category: 'process_waiting', text: COMPLAINT_TEXT, csrf: session.token })
  const headers = { 'content-type': contentType, cookie: session.cookie, accept: 'text/html', 'accept-language': 'zh-CN' }

  // One request by hand first: a clear message beats a run of 10 s against an error.
  const probe = await fetch(pageUrl, { method: 'POST', body, headers, redirect: 'manual' })
  await probe.arrayBuffer()
  if (probe.status !== 303 || !/\/t\/[\w-]+\?new=1$/.test(probe.headers.get('location') ?? '')) {
    throw new Error(`POST /q/:code answered ${probe.status} (location ${probe.headers.get('location')}), not 303 to /t/<token>?new=1`)
  }

  log(`baseline: ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s × ${settings.connections} connections…`)
  const base = await measure({ url: `${baseline.url}/q/${hospital.publicCode}`, headers, body }, settings, 303)
  requireMostly('baseline', base, 303)
  const baseRows = await baseline.insertedRows()
  if (baseRows < base.ok + base.warmupOk) throw new Error(`baseline answered ${base.ok + base.warmupOk} × 303 but inserted ${baseRows} rows`)
  await baseline.stop()
  cleanups.pop()

  const before = await countIntake(database.url, hospital.organizationId)
  log(`POST /q/:code: ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s × ${settings.connections} connections…`)
  const real = await measure({ url: pageUrl, headers, body }, settings, 303)
  requireMostly('POST /q/:code', real, 303)
  const after = await countIntake(database.url, hospital.organizationId)
  const created = after.cases - before.cases
  if (created < real.ok + real.warmupOk) throw new Error(`POST /q/:code answered ${real.ok + real.warmupOk} × 303 but only ${created} cases were created`)

  const ratio = real.okPerSecond / base.okPerSecond
  const ratioPass = ratio >= RATIO_TARGET
  const weightPass = weight.withoutJs < NO_JS_TARGET_BYTES
  const lines = [
    '',
    `Intake benchmark — ${settings.connections} connections × ${settings.durationSeconds} s after a ${settings.warmupSeconds} s warm-up; ${database.description}; queue on ${app.queue}`,
    row('POST /q/:code (complaint + case), req/s', num(real.okPerSecond), `${num(real.ok)} × 303, p50 ${real.latencyP50} ms, p99 ${real.latencyP99} ms, ${created} cases created`),
    row('bare node:http + one INSERT, req/s', num(base.okPerSecond), `${num(base.ok)} × 303, p50 ${base.latencyP50} ms, p99 ${base.latencyP99} ms`),
    row('ratio (app / baseline)', ratio.toFixed(2), `target ≥ ${RATIO_TARGET}  ${ratioPass ? 'PASS' : 'FAIL'}`),
    row('first load of /q/:code without JavaScript', kb(weight.withoutJs), `HTML ${kb(weight.html.wireBytes)} (${weight.html.encoding}) + ${weight.css.length} CSS ${kb(weight.css.reduce((n, a) => n + a.wireBytes, 0))}; target < ${kb(NO_JS_TARGET_BYTES)}  ${weightPass ? 'PASS' : 'FAIL'}`),
    row('first load of /q/:code with JavaScript', kb(weight.withJs), `+ ${weight.js.length} scripts ${kb(weight.js.reduce((n, a) => n + a.wireBytes, 0))}`),
    '',
  ]
  process.stdout.write(lines.join('\n'))
}

let interrupted = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return
    interrupted = true
    log(`${signal}: stopping`)
    void cleanUp().finally(() => process.exit(130))
  })
}

main()
  .then(async () => {
    await cleanUp()
    process.exit(0)
  })
  .catch(async (e) => {
    process.stderr.write(`[bench] FAILED: ${e instanceof Error ? e.message : String(e)}\n`)
    await cleanUp()
    process.exit(1)
  })
