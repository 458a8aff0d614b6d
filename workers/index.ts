import { UnrecoverableError, type Job, type Worker } from 'bullmq'
import { JOBS, QUEUE_NAMES, type JobKey } from './contracts.ts'
import { deliverMessageJob } from './jobs/deliver-message.ts'
import type { JobHandler, WorkerDeps } from './jobs/types.ts'
import { createBullWorker, type QueueBackendConfig } from './queue-connection.ts'

const HANDLERS: JobHandler<JobKey>[] = [deliverMessageJob as JobHandler<JobKey>]


export interface RunningWorkers {
  close(timeoutMs?: number): Promise<void>
}

/** Starts one BullMQ worker per queue; each job's payload is validated before its handler runs. */
export function startWorkers(deps: WorkerDeps, backend: QueueBackendConfig, options: { concurrency?: number } = {}): RunningWorkers {
  const byName = new Map<string, JobHandler<JobKey>>(HANDLERS.map((h) => [JOBS[h.key].name, h]))
  const workers: Worker[] = QUEUE_NAMES.map((queueName) => {
    const worker = createBullWorker(
      queueName,
      async (job: Job) => {
        const handler = byName.get(job.name)
        if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`)
        const parsed = JOBS[handler.key].payload.safeParse(job.data)
        if (!parsed.success) throw new UnrecoverableError(`invalid payload for ${job.name}`)
        try {
          await handler.handle(deps, parsed.data)
        } catch (error) {
          const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
          const hook = final ? handler.onFinalFailure : handler.onRetryableFailure
          await hook?.(deps, parsed.data, error).catch((e) => deps.ctx.logger.error('failure hook failed', { job: job.name, error: e }))
          throw error
        }
      },
      backend,
      { concurrency: options.concurrency ?? 4 },
    )
    worker.on('failed', (job, error) => deps.ctx.logger.warn('job failed', { queue: queueName, job: job?.name, id: job?.id, attempts: job?.attemptsMade, error }))
    worker.on('error', (error) => deps.ctx.logger.error('worker error', { queue: queueName, error }))
    return worker
  })
  return {
    async close(timeoutMs = 10_000) {
      // worker.close() waits for active jobs without a limit; give shutdown its own.
      const closing = Promise.all(workers.map((w) => w.close()))
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref())
      if ((await Promise.race([closing, timeout])) === 'timeout') {
        deps.ctx.logger.warn('workers did not stop in time; forcing')
        await Promise.all(workers.map((w) => w.close(true)))
      }
    },
  }
}
