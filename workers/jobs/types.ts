import type { AppContext } from '#app/lib/app-context.server.ts'
import type { JobKey, JobPayload } from '../contracts.ts'
import type { Transports } from '../transports/index.ts'

export interface WorkerDeps {
  ctx: AppContext
  transports: Transports
}

export interface JobHandler<K extends JobKey> {
  key: K
  handle(deps: WorkerDeps, payload: JobPayload<K>): Promise<void>
  onRetryableFailure?(deps: WorkerDeps, payload: JobPayload<K>, error: unknown): Promise<void>
  onFinalFailure?(deps: WorkerDeps, payload: JobPayload<K>, error: unknown): Promise<void>
}
