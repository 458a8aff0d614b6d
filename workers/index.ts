import { UnrecoverableError, type Job, type Worker } from 'bullmq'
import { JOBS, QUEUE_NAMES, type JobKey } from './contracts.ts'
import { errorForLog, isFinalFailure } from './job-failure.ts'
import { deliverMessageJob } from './jobs/deliver-message.ts'
import { fireSlaEscalationJob } from './jobs/fire-sla-escalation.ts'
import { sweepSlaEscalationsJob } from './jobs/sweep-sla-escalations.ts'
import { sweepStuckMessagesJob } from './jobs/sweep-stuck-messages.ts'
import { sendSurveyByEmailJob, sendSurveyBySmsJob } from './jobs/send-survey.ts'
import { sweepSurveyInvitationsJob } from './jobs/sweep-survey-invitations.ts'
import { refreshBoardRollupsJob } from './jobs/refresh-board-rollups.ts'
import { closeMonthlyEvaluationsJob } from './jobs/close-monthly-evaluations.ts'
import { sendBatchPlan } from '#app/domain/survey-send-rate.ts'
import type { JobHandler, WorkerDeps } from './jobs/types.ts'
import { createBullWorker, type QueueBackendConfig } from './queue-connection.ts'

const HANDLERS = [
  deliverMessageJob,
  sweepStuckMessagesJob,
  fireSlaEscalationJob,
  sweepSlaEscalationsJob,
  sweepSurveyInvitationsJob,
  sendSurveyBySmsJob,
  sendSurveyByEmailJob,
  refreshBoardRollupsJob,
  closeMonthlyEvaluationsJob,
] as unknown as JobHandler<JobKey>[]

/** Survey send queues are rate-limited per channel (BullMQ's limiter holds across all workers). */
function limiterFor(queueName: string, deps: WorkerDeps) {
  const rates = deps.ctx.config.surveyRates
  if (queueName === JOBS.sendSurveyBySms.queue) return sendBatchPlan(rates.sms).limiter
  if (queueName === JOBS.sendSurveyByEmail.queue) return sendBatchPlan(rates.email).limiter
  return undefined
}

export interface RunningWorkers {
  /** Lets running jobs finish (up to `timeoutMs`), then releases every queue connection. */
  close(timeoutMs?: number): Promise<void>
}

/** Starts one BullMQ worker per queue; each job's payload is validated before its handler runs. */
export function startWorkers(deps: WorkerDeps, backend: QueueBackendConfig, options: { concurrency?: number } = {}): RunningWorkers {
  const { logger } = deps.ctx
  const byName = new Map<string, JobHandler<JobKey>>(HANDLERS.map((h) => [JOBS[h.key].name, h]))
  let closing = false

  const runJob = async (job: Job) => {
    const handler = byName.get(job.name)
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`)
    const parsed = JOBS[handler.key].payload.safeParse(job.data)
    if (!parsed.success) throw new UnrecoverableError(`invalid payload for ${job.name}`)
    try {
      await handler.handle(deps, parsed.data, { final: isFinalFailure(job, null) })
    } catch (error) {
      // Recorded here, before BullMQ moves the job on, so that what the database says about
      // a message never lags behind the queue (a 'failed' listener would run afterwards).
      const failure = { error, final: isFinalFailure(job, error) }
      await handler.onFailure?.(deps, parsed.data, failure).catch((e) => logger.error('recording a job failure failed', { job: job.name, id: job.id, error: errorForLog(e) }))
      throw error
    }
  }

  const workers: Worker[] = QUEUE_NAMES.map((queueName) => {
    const limiter = limiterFor(queueName, deps)
    const worker = createBullWorker(queueName, runJob, backend, { concurrency: options.concurrency ?? 4, ...(limiter ? { limiter } : {}) })
    worker.on('failed', (job, error) => logger.warn('job attempt failed', { queue: queueName, job: job?.name, id: job?.id, attempt: job?.attemptsMade, error: errorForLog(error) }))
    worker.on('error', (error) => {
      // Connections that end while we are closing are expected, not incidents.
      if (closing) logger.debug('worker connection error while closing', { queue: queueName, error: errorForLog(error) })
      else logger.error('worker error', { queue: queueName, error: errorForLog(error) })
    })
    return worker
  })

  return {
    async close(timeoutMs = 15_000) {
      closing = true
      // worker.close() waits for active jobs without a limit, and a later close(true) only
      // returns that same pending promise: on timeout we stop waiting instead. Those jobs are
      // retried once their locks expire; the status check stops a second send unless the cut
      // came mid-send (see deliverMessage).
      const closed = Promise.all(workers.map((w) => w.close()))
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs).unref()))
      try {
        if ((await Promise.race([closed, timedOut])) === 'timeout') logger.warn('workers did not finish their jobs in time; stopping without them', { timeoutMs })
      } finally {
        clearTimeout(timer)
      }
    },
  }
}
