import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '#app/lib/env.server.ts'
import { createLogger } from '#app/lib/logger.server.ts'
import { createDatabase } from '#db/client.ts'
import { buildAppContext } from '#server/app-context.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import type { JobQueue } from '#workers/enqueue.ts'

let t: TestContext
beforeAll(() => {
  t = createTestContext()
})
afterAll(() => t.close())

describe('/healthz', () => {
  it('reports 200 with database and queue up', async () => {
    const res = await new AppClient(t.ctx).get('/healthz')
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text)).toEqual({ status: 'ok', database: 'up', queue: 'up' })
  })

  it('reports 503 naming what is down when the database cannot be reached', async () => {
    const unreachable = createDatabase('postgres://nobody@127.0.0.1:1/none', { max: 1 })
    const brokenQueue: JobQueue = { enqueue: async () => {}, enqueueMany: async () => {}, upsertSchedulers: async () => {}, schedule: async () => {}, cancel: async () => {}, ping: () => Promise.reject(new Error('down')), close: async () => {} }
    const ctx = buildAppContext({
      config: parseConfig({ NODE_ENV: 'test' }),
      database: unreachable,
      jobs: brokenQueue,
      clock: { now: () => new Date() },
      logger: createLogger('error'),
      sessionSecret: 'x'.repeat(32),
    })
    try {
      const res = await new AppClient(ctx).get('/healthz')
      expect(res.status).toBe(503)
      expect(JSON.parse(res.text)).toEqual({ status: 'degraded', database: 'down', queue: 'down' })
    } finally {
      await unreachable.close()
    }
  })
})
