import { inject } from 'vitest'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Clock } from '#app/lib/clock.ts'
import { parseConfig } from '#app/lib/env.server.ts'
import { createLogger } from '#app/lib/logger.server.ts'
import { createDatabase } from '#db/client.ts'
import { createJobQueue } from '#workers/enqueue.ts'
import { buildAppContext } from '#server/app-context.ts'
import type { QueueBackendConfig } from '#workers/queue-connection.ts'

/** A clock tests move by hand. */
export function testClock(start = new Date('2026-03-02T02:00:00Z')): Clock & { set(d: Date): void; advance(ms: number): void } {
  let now = start
  return {
    now: () => new Date(now),
    set: (d) => void (now = d),
    advance: (ms) => void (now = new Date(now.getTime() + ms)),
  }
}

export interface TestContext {
  ctx: AppContext
  queueBackend: QueueBackendConfig
  close(): Promise<void>
}

/**
 * A real AppContext on this run's database and queue backend (BullMQ on PostgreSQL, or on
 * Redis when REDIS_URL is set). Each test file makes its own and closes it in afterAll.
 */
export function createTestContext(options: { clock?: Clock; env?: Record<string, string> } = {}): TestContext {
  const databaseUrl = inject('databaseUrl')
  const redisUrl = inject('redisUrl')
  const runId = inject('runId')
  const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, DATA_DIR: `/tmp/huiyin-test-data-${runId}`, QUEUE_PREFIX: `t${runId}`, ...options.env })
  const database = createDatabase(databaseUrl, { max: 5 })
  const queueBackend: QueueBackendConfig = redisUrl ? { kind: 'redis', url: redisUrl, prefix: `t${runId}` } : { kind: 'postgres', url: databaseUrl, prefix: `t${runId}` }
  const jobs = createJobQueue(queueBackend)
  const ctx = buildAppContext({
    config,
    database,
    jobs,
    clock: options.clock ?? { now: () => new Date() },
    logger: createLogger('error'),
    sessionSecret: 'test-secret-test-secret-test-secret-123',
  })
  return {
    ctx,
    queueBackend,
    async close() {
      await jobs.close()
      await database.close()
    },
  }
}
