import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { freePort } from './ports.ts'
import { spawnChild, stopChild, waitForOk } from './processes.ts'

const root = path.resolve(import.meta.dirname, '../..')

/**
 * The real web process (server/main.ts web: production build, Express, compression), on the
 * bench database and a run-specific queue prefix (BullMQ on PostgreSQL, or Redis at REDIS_URL).
 */
export async function startAppServer({ databaseUrl, runId }: { databaseUrl: string; runId: string }) {
  const port = await freePort()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'huiyin-bench-data-'))
  const url = `http://127.0.0.1:${port}`
  const queuePrefix = `huiyin_bench_${runId}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    SEED_DEMO: 'false',
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  }
  for (const k of ['SMTP_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM']) delete env[k]
  // BENCH_APP_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the app server only.
  const nodeArgs = process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const { child, exited } = spawnChild([...nodeArgs, '--import', 'tsx', 'server/main.ts', 'web'], env, root)
  child.stdout?.resume() // the start-up banner; nothing to read
  try {
    await waitForOk(`${url}/healthz`, exited)
  } catch (e) {
    await stopChild(child, exited)
    rmSync(dataDir, { recursive: true, force: true })
    throw e
  }
  return {
    url,
    queue: process.env.REDIS_URL ? 'Redis' : 'PostgreSQL',
    async stop() {
      await stopChild(child, exited)
      rmSync(dataDir, { recursive: true, force: true })
      if (process.env.REDIS_URL) await deleteRedisKeys(process.env.REDIS_URL, queuePrefix)
    },
  }
}

/** The run's BullMQ keys, so a bench on a shared Redis leaves nothing behind. */
async function deleteRedisKeys(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true })
  try {
    await redis.connect()
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500)
      cursor = next
      if (keys.length) await redis.del(...keys)
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}
