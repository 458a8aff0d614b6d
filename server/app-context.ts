import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Clock } from '#app/lib/clock.ts'
import type { AppConfig } from '#app/lib/env.server.ts'
import type { Logger } from '#app/lib/logger.server.ts'
import type { createDatabase } from '#db/client.ts'
import type { JobQueue } from '#workers/enqueue.ts'

const withTimeout = <T>(p: Promise<T>, ms = 3000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())])

/** Assembles the context every request and job receives. */
export function buildAppContext(parts: {
  config: AppConfig
  database: ReturnType<typeof createDatabase>
  jobs: JobQueue
  clock: Clock
  logger: Logger
  sessionSecret: string
}): AppContext {
  const { database, jobs } = parts
  return {
    config: parts.config,
    db: database.db,
    jobs,
    clock: parts.clock,
    logger: parts.logger,
    sessionSecret: parts.sessionSecret,
    async health() {
      const [db, queue] = await Promise.all([
        withTimeout(database.sql`select 1`).then(
          () => true,
          () => false,
        ),
        withTimeout(jobs.ping()).then(
          () => true,
          () => false,
        ),
      ])
      return { database: db, queue }
    },
  }
}
