import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { AppConfig } from '#app/lib/env.server.ts'
import { createLogger, type Logger } from '#app/lib/logger.server.ts'
import { seedDemoHospitalIfEmpty } from '#app/services/demo-hospital.server.ts'
import { startWorkers, type RunningWorkers } from '#workers/index.ts'
import { createTransports } from '#workers/transports/index.ts'
import { startWebServer, type WebServer } from './http.ts'
import { buildIsStale } from './production-build.ts'
import { loadConfigOrExit } from './config.ts'
import { createRuntime, type Runtime } from './runtime.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const role = (process.argv[2] ?? 'all') as 'all' | 'web' | 'worker'
const dev = process.argv.includes('--dev')

/** Builds the web app when there is no build or the sources are newer than it. */
function ensureBuild(logger: Logger) {
  // Not under the build lock: a test launcher holding it shared has built already.
  if (!buildIsStale(root)) return
  logger.info('building the web app (first start or sources changed)…')
  const result = spawnSync('npx', ['react-router', 'build'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('react-router build failed')
}

/**
 * Signals are handled from the first line: a SIGTERM during start-up waits for start-up to
 * finish and then stops everything, so no embedded PostgreSQL is left behind.
 */
const lifecycle = (() => {
  let stopper: (() => Promise<void>) | undefined
  let requested: string | undefined
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.error(`received ${signal}, shutting down`)
    setTimeout(() => {
      console.error('shutdown took too long; exiting')
      process.exit(1)
    }, 30_000).unref()
    try {
      await stopper?.()
      console.error('stopped')
      process.exit(0)
    } catch (e) {
      console.error(e)
      process.exit(1)
    }
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopper) void stop(signal)
      else requested = signal
    })
  }
  return {
    onStop(fn: () => Promise<void>) {
      stopper = fn
      if (requested) void stop(requested)
    },
  }
})()

async function main() {
  if (!['all', 'web', 'worker'].includes(role)) {
    console.error(`Unknown role "${role}". Use: all | web | worker`)
    process.exit(2)
  }
  const config = loadConfigOrExit()
  const logger = createLogger(config.logLevel)
  if (role !== 'worker' && !dev) ensureBuild(logger)

  const runtime = await createRuntime(config, { role, logger })
  try {
    await startRole(runtime, config, logger)
  } catch (e) {
    // Do not leave an embedded PostgreSQL running behind a failed start.
    await runtime.close()
    throw e
  }
}

const SCHEDULER_REFRESH_MS = 5 * 60_000

async function startRole(runtime: Runtime, config: AppConfig, logger: Logger) {
  if (config.seedDemo) {
    const seeded = await seedDemoHospitalIfEmpty(runtime.ctx)
    if (seeded) printCredentials(seeded, config.publicUrl)
  }

  let web: WebServer | undefined
  let workers: RunningWorkers | undefined
  let schedulerRefresh: NodeJS.Timeout | undefined
  const transports = role === 'web' ? undefined : createTransports(config)
  if (transports) {
    workers = startWorkers({ ctx: runtime.ctx, transports }, runtime.queueBackend)
    await runtime.ctx.jobs.upsertSchedulers()
    // Schedulers live in the queue backend: a Redis that lost its data (restarted without
    // persistence) would stop every sweep. Re-upserting them (stable ids) brings them back.
    schedulerRefresh = setInterval(() => {
      runtime.ctx.jobs.upsertSchedulers().catch((error) => logger.warn('could not refresh the recurring jobs', { error: String(error) }))
    }, SCHEDULER_REFRESH_MS)
    schedulerRefresh.unref()
    logger.info('workers started', { queue: config.queue.kind, mail: config.mail.kind, sms: config.sms.kind })
  }
  if (role !== 'worker') {
    web = await startWebServer(runtime.ctx, dev ? { kind: 'development' } : { kind: 'production', buildDir: path.join(root, 'build') }, {
      host: config.host,
      port: config.port,
    })
    console.log(`\nHuiyin 回音 is running at ${config.publicUrl === `http://localhost:${config.port}` ? web.url : config.publicUrl}\n`)
  }

  lifecycle.onStop(async () => {
    clearInterval(schedulerRefresh)
    await web?.close()
    await workers?.close()
    await transports?.email.close()
    await transports?.sms.close()
    await runtime.close()
  })
}

function printCredentials(seeded: { hospitalName: string; slug: string; users: { role: string; email: string; password: string }[] }, publicUrl: string) {
  const lines = [
    '',
    `Demo hospital “${seeded.hospitalName}” created (/app/${seeded.slug}). Sign in at ${publicUrl}/login with:`,
    ...seeded.users.map((u) => `  ${u.role.padEnd(16)} ${u.email.padEnd(36)} ${u.password}`),
    'These passwords are shown only this once.',
    '',
  ]
  console.log(lines.join('\n'))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
