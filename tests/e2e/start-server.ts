/**
 * Starts the production server for the browser tests on a database of its own, and takes
 * everything down again when Playwright sends SIGTERM (or goes away).
 *
 * - DATABASE_URL set: creates `huiyin_e2e_<run>` on that server and drops it at the end.
 * - otherwise: the embedded PostgreSQL in DATA_DIR (config.ts E2E_DATA_DIR, emptied first) on
 *   E2E_PG_PORT (default 54339), stopped by the server's own shutdown, the directory removed at
 *   the end unless E2E_DATA_DIR was given.
 * - REDIS_URL set: BullMQ on Redis under a run-specific prefix, whose keys are removed at the end.
 *
 * - the production build is made if stale and then held under a shared lock, so that another
 *   test run on the machine does not rebuild it (and delete its assets) under the running server.
 *
 * Run as `node --import tsx tests/e2e/start-server.ts` (playwright.config.ts does).
 * The server runs in its own process group so that Playwright's group-wide SIGTERM does not
 * reach the embedded PostgreSQL before the server has closed its pools.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Redis } from 'ioredis'
import postgres from 'postgres'
import { ensureBuildAndHoldIt } from '../../server/production-build.ts'
import { E2E_DATA_DIR, E2E_DEMO_PASSWORD, E2E_PORT } from './config.ts'

const root = path.resolve(import.meta.dirname, '../..')
const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`
const log = (msg: string) => process.stderr.write(`[e2e-server] ${msg}\n`)

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

async function main() {
  const externalUrl = process.env.DATABASE_URL || undefined
  const redisUrl = process.env.REDIS_URL || undefined
  // Known to the specs (config.ts), which read its outbox/; ours unless E2E_DATA_DIR was given.
  const dataDir = E2E_DATA_DIR
  const ownsDataDir = !process.env.E2E_DATA_DIR
  if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
  const queuePrefix = `huiyin_e2e_${runId}`
  const dbName = `huiyin_e2e_${runId}`

  const buildLock = await ensureBuildAndHoldIt(log)

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(E2E_PORT),
    PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`,
    DATA_DIR: dataDir,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    SEED_DEMO: 'true',
    DEMO_PASSWORD: E2E_DEMO_PASSWORD,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
  }
  delete env.SMTP_URL
  delete env.TWILIO_ACCOUNT_SID
  delete env.TWILIO_AUTH_TOKEN
  delete env.TWILIO_FROM

  if (externalUrl) {
    const admin = postgres(externalUrl, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database "${dbName}"`)
    await admin.end()
    env.DATABASE_URL = withDatabase(externalUrl, dbName)
    log(`database ${dbName} on ${new URL(externalUrl).host}; queue on ${redisUrl ? 'Redis' : 'PostgreSQL'}`)
  } else {
    delete env.DATABASE_URL
    env.EMBEDDED_PG_PORT = process.env.E2E_PG_PORT ?? '54339'
    log(`embedded PostgreSQL on port ${env.EMBEDDED_PG_PORT} in ${dataDir}; queue on ${redisUrl ? 'Redis' : 'PostgreSQL'}`)
  }

  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'all'], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (process.env.E2E_DATA_DIR) writeFileSync(path.join(dataDir, 'e2e-server.pid'), String(server.pid))
  const exited = new Promise<number>((resolve) => server.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))))
  let serverAlive = true
  void exited.then(() => (serverAlive = false))

  const cleanUp = async () => {
    if (externalUrl) {
      const admin = postgres(externalUrl, { max: 1, onnotice: () => {} })
      await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch((e) => log(`dropping ${dbName} failed: ${String(e)}`))
      await admin.end({ timeout: 2 })
    }
    if (redisUrl) {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true })
      try {
        await redis.connect()
        let cursor = '0'
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 500)
          cursor = next
          if (keys.length) await redis.del(...keys)
        } while (cursor !== '0')
      } catch (e) {
        log(`clearing Redis keys failed: ${String(e)}`)
      } finally {
        redis.disconnect()
      }
    }
    buildLock.release()
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true })
    else rmSync(path.join(dataDir, 'e2e-server.pid'), { force: true })
  }

  let stopping = false
  const stop = async (why: string) => {
    if (stopping) return
    stopping = true
    if (serverAlive && server.pid) {
      log(`${why}: stopping the server`)
      process.kill(server.pid, 'SIGTERM')
      const timer = setTimeout(() => {
        log('the server did not stop within 40 s; killing its process group')
        try {
          process.kill(-server.pid!, 'SIGKILL')
        } catch {}
      }, 40_000)
      await exited
      clearTimeout(timer)
    }
    await cleanUp()
    log('stopped')
    process.exit(0)
  }
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stop(signal))
  if (process.env.E2E_WATCH_STDIN === '1') {
    // Playwright holds our stdin open; if it dies without signalling, stdin ends.
    process.stdin.on('end', () => void stop('stdin closed'))
    process.stdin.on('error', () => void stop('stdin error'))
    process.stdin.resume()
  }

  const code = await exited
  if (!stopping) {
    log(`the server exited by itself (code ${code})`)
    stopping = true
    await cleanUp()
    process.exit(code === 0 ? 1 : code)
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
