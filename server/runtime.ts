import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { systemClock, type Clock } from '#app/lib/clock.ts'
import type { AppConfig } from '#app/lib/env.server.ts'
import { createLogger, type Logger } from '#app/lib/logger.server.ts'
import { createDatabase } from '#db/client.ts'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '#db/embedded.ts'
import { runMigrations } from '#db/migrate.ts'
import { createJobQueue } from '#workers/enqueue.ts'
import { buildAppContext } from './app-context.ts'
import type { QueueBackendConfig } from '#workers/queue-connection.ts'

export interface Runtime {
  ctx: AppContext
  databaseUrl: string
  queueBackend: QueueBackendConfig
  close(): Promise<void>
}

/** Without SESSION_SECRET (embedded default) a random secret is made once and kept in the data dir. */
function resolveSessionSecret(config: AppConfig, logger: Logger): string {
  if (config.sessionSecret) return config.sessionSecret
  const file = path.resolve(config.dataDir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  if (config.database.kind === 'external') logger.warn('SESSION_SECRET is not set; using a secret kept in the data directory (set it when running several web instances)')
  mkdirSync(path.dirname(file), { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

/** Starts what a process needs: the database (embedded or external, migrated), pools and the queue. */
export async function createRuntime(config: AppConfig, options: { role: 'web' | 'worker' | 'all' | 'cli'; clock?: Clock; logger?: Logger }): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel)
  let embedded: EmbeddedDatabase | undefined
  let databaseUrl: string
  if (config.database.kind === 'external') {
    databaseUrl = config.database.url
  } else {
    embedded = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), port: config.database.port, log: (l) => logger.warn(l) })
    databaseUrl = embedded.url
    logger.info('embedded PostgreSQL ready', { port: config.database.port, dir: path.join(config.dataDir, 'pg') })
  }
  await runMigrations(databaseUrl)

  const database = createDatabase(databaseUrl, { max: options.role === 'worker' ? 6 : 10, applicationName: `huiyin-${options.role}` })
  const queueBackend: QueueBackendConfig =
    config.queue.kind === 'redis' ? { kind: 'redis', url: config.queue.url, prefix: config.queue.prefix } : { kind: 'postgres', url: databaseUrl, prefix: config.queue.prefix }
  const jobs = createJobQueue(queueBackend)

  const ctx = buildAppContext({
    config,
    database,
    jobs,
    clock: options.clock ?? systemClock,
    logger,
    sessionSecret: resolveSessionSecret(config, logger),
  })

  return {
    ctx,
    databaseUrl,
    queueBackend,
    async close() {
      await jobs.close().catch((e) => logger.error('closing queues failed', { error: e }))
      await database.close().catch((e) => logger.error('closing database pool failed', { error: e }))
      if (embedded) await embedded.stop().catch((e) => logger.error('stopping embedded PostgreSQL failed', { error: e }))
    },
  }
}
