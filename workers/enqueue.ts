import type { JobsOptions, Queue } from 'bullmq'
import { JOBS, QUEUE_NAMES, type JobKey, type JobPayload, type RetryPolicy } from './contracts.ts'
import { createBullQueue, type QueueBackendConfig } from './queue-connection.ts'

export interface JobQueue {
  enqueue<K extends JobKey>(job: K, payload: JobPayload<K>, opts?: Pick<JobsOptions, 'delay' | 'jobId'>): Promise<void>
  /** Adds many jobs of one kind in one round trip (random ids: their handlers must be idempotent). */
  enqueueMany<K extends JobKey>(job: K, payloads: readonly JobPayload<K>[]): Promise<void>
  /**
   * Puts a delayed job under a fixed id, replacing the one already there: rescheduling moves a
   * job, never duplicates it. Finished jobs of this kind are not kept, so the id is free again.
   */
  schedule<K extends JobKey>(job: K, payload: JobPayload<K>, opts: { jobId: string; delay: number; /** The id was never used: skip the removal. */ isNew?: boolean }): Promise<void>
  /** Removes waiting or delayed jobs by id (a running one finishes; its handler re-checks the facts). */
  cancel(job: JobKey, jobIds: readonly string[]): Promise<void>
  /** Creates or updates every recurring job's scheduler (stable ids: never duplicated). */
  upsertSchedulers(): Promise<void>
  /** Resolves when the queue backend answers; throws otherwise (for /healthz). */
  ping(): Promise<void>
  close(): Promise<void>
}

const KEEP_FINISHED_JOBS: JobsOptions = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
}

/**
 * Producer side: the web process and services add jobs through this. `retry` replaces every
 * job's own retry policy (tests use a fast one instead of waiting minutes).
 */
export function createJobQueue(backend: QueueBackendConfig, options: { retry?: RetryPolicy } = {}): JobQueue {
  const queues = new Map<string, Queue>(QUEUE_NAMES.map((name) => [name, createBullQueue(name, backend)]))
  const queueFor = (name: string) => {
    const q = queues.get(name)
    if (!q) throw new Error(`unknown queue ${name}`)
    return q
  }
  return {
    async enqueue(job, payload, opts) {
      const def = JOBS[job]
      const data = def.payload.parse(payload)
      await queueFor(def.queue).add(def.name, data, { ...KEEP_FINISHED_JOBS, ...(options.retry ?? def.retry), ...opts })
    },
    async enqueueMany(job, payloads) {
      const def = JOBS[job]
      const opts = { ...KEEP_FINISHED_JOBS, ...(options.retry ?? def.retry) }
      const queue = queueFor(def.queue)
      for (let i = 0; i < payloads.length; i += 500) {
        await queue.addBulk(payloads.slice(i, i + 500).map((p) => ({ name: def.name, data: def.payload.parse(p), opts })))
      }
    },
    async schedule(job, payload, { jobId, delay, isNew }) {
      const def = JOBS[job]
      const data = def.payload.parse(payload)
      const queue = queueFor(def.queue)
      if (!isNew) await queue.remove(jobId)
      await queue.add(def.name, data, { removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 }, ...(options.retry ?? def.retry), jobId, delay: Math.max(0, Math.round(delay)) })
    },
    async cancel(job, jobIds) {
      const queue = queueFor(JOBS[job].queue)
      for (const id of jobIds) await queue.remove(id)
    },
    async upsertSchedulers() {
      for (const def of Object.values(JOBS)) {
        if (!('every' in def)) continue
        await queueFor(def.queue).upsertJobScheduler(def.name, { every: def.every }, { name: def.name, data: {}, opts: { ...KEEP_FINISHED_JOBS, ...def.retry } })
      }
    },
    async ping() {
      await queueFor(QUEUE_NAMES[0]!).getJobCounts('waiting')
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()))
    },
  }
}
