import type { AppContext } from '#app/lib/app-context.server.ts'
import type { JobKey, JobPayload } from '../contracts.ts'
import type { Transports } from '../transports/index.ts'

export interface WorkerDeps {
  ctx: AppContext
  transports: Transports
}

export interface JobFailure {
  error: unknown
  /** BullMQ will not try this job again: its last attempt, or an UnrecoverableError. */
  final: boolean
}

export interface JobAttempt {
  /** No retry follows this attempt if it fails. */
  final: boolean
}

export interface JobHandler<K extends JobKey> {
  key: K
  handle(deps: WorkerDeps, payload: JobPayload<K>, attempt: JobAttempt): Promise<void>
  /** Runs after a failed attempt, before BullMQ schedules the retry or gives up. */
  onFailure?(deps: WorkerDeps, payload: JobPayload<K>, failure: JobFailure): Promise<void>
}
