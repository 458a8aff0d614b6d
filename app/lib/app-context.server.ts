import { createContext, type RouterContextProvider } from 'react-router'
import type { Database } from '#db/client.ts'
import type { JobQueue } from '#workers/enqueue.ts'
import type { Clock } from './clock.ts'
import type { AppConfig } from './env.server.ts'
import type { Logger } from './logger.server.ts'

/** Everything a service needs, built once per process and handed to every request and job. */
export interface AppContext {
  config: AppConfig
  db: Database
  jobs: JobQueue
  clock: Clock
  logger: Logger
  /** Secret used to sign cookies and derive tokens. */
  sessionSecret: string
  /** Checks the database and the queue backend (for /healthz). */
  health(): Promise<{ database: boolean; queue: boolean }>
}

// The custom server (run by tsx) and the Vite server bundle each load this module, so the
// context key must be one object per process, not one per module copy.
const KEY = Symbol.for('huiyin.appContext')
const g = globalThis as unknown as Record<symbol, ReturnType<typeof createContext<AppContext>>>
export const appContextKey = (g[KEY] ??= createContext<AppContext>())

export function getAppContext(context: Readonly<RouterContextProvider>): AppContext {
  return context.get(appContextKey)
}
