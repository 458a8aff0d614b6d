import type { BackoffOptions } from 'bullmq'
import { z } from 'zod'

/** How often a job is tried and how long BullMQ waits between tries. */
export interface RetryPolicy {
  attempts: number
  backoff: BackoffOptions
}

interface JobDefinition {
  queue: string
  name: string
  payload: z.ZodType
  retry: RetryPolicy
  /** Recurring jobs: upserted under a stable scheduler id by every worker process at start. */
  every?: number
}

/** A batch of survey invitations to send (ids only); `reminder` sends their reminders instead. */
const surveyBatch = z.object({
  kind: z.enum(['invitation', 'reminder']),
  invitationIds: z.array(z.string().uuid()).min(1).max(100),
})
// Rides out a provider outage of about an hour: 10 s, 20 s, 40 s … 21 min.
const SURVEY_SEND_RETRY: RetryPolicy = { attempts: 8, backoff: { type: 'exponential', delay: 10_000, jitter: 0.2 } }

/**
 * Every job declared once: which queue it runs on, its payload (ids only — queue data sits
 * in clear text in Redis/PostgreSQL) and its retry policy. Handlers live in workers/jobs/.
 */
export const JOBS = {
  deliverMessage: {
    queue: 'messages',
    name: 'deliver-message',
    payload: z.object({ messageId: z.string().uuid() }),
    // Rides out a relay or Twilio outage of about half an hour: 15 s, 30 s, 1 min … 16 min.
    retry: { attempts: 8, backoff: { type: 'exponential', delay: 15_000, jitter: 0.2 } },
  },
  sweepStuckMessages: {
    queue: 'messages',
    name: 'sweep-stuck-messages',
    payload: z.object({}),
    retry: { attempts: 1, backoff: { type: 'fixed', delay: 0 } },
    every: 5 * 60_000,
  },
  /** Notifies the SLA milestones of one clock that have come (the job is scheduled for the next one). */
  fireSlaEscalation: {
    queue: 'sla',
    name: 'fire-sla-escalation',
    payload: z.object({ organizationId: z.string().uuid(), clockId: z.string().uuid() }),
    retry: { attempts: 5, backoff: { type: 'exponential', delay: 5_000, jitter: 0.2 } },
  },
  /** Catches any milestone whose job was lost or late (DESIGN.md §3: a periodic sweep). */
  sweepSlaEscalations: {
    queue: 'sla',
    name: 'sweep-sla-escalations',
    payload: z.object({}),
    retry: { attempts: 1, backoff: { type: 'fixed', delay: 0 } },
    every: 60_000,
  },
  /**
   * Finds survey invitations and reminders that are due and hands them to the send queues in
   * batches; expires what is past its expiry. Periodic, and also enqueued on demand (re-send).
   */
  sweepSurveyInvitations: {
    queue: 'surveys',
    name: 'sweep-survey-invitations',
    payload: z.object({}),
    retry: { attempts: 1, backoff: { type: 'fixed', delay: 0 } },
    every: 30_000,
  },
  /** Sends a batch of due invitations (or their reminders) planned for SMS; rate-limited per channel. */
  sendSurveyBySms: {
    queue: 'survey-sms',
    name: 'send-survey-sms',
    payload: surveyBatch,
    retry: SURVEY_SEND_RETRY,
  },
  sendSurveyByEmail: {
    queue: 'survey-email',
    name: 'send-survey-email',
    payload: surveyBatch,
    retry: SURVEY_SEND_RETRY,
  },
  /** Freezes each hospital's last full month once its local date is in the new month (DESIGN.md §5 month close). */
  closeMonthlyEvaluations: {
    queue: 'boards',
    name: 'close-monthly-evaluations',
    payload: z.object({}),
    retry: { attempts: 1, backoff: { type: 'fixed', delay: 0 } },
    every: 3_600_000,
  },
  /** Recomputes the board rollups marked dirty by changes to responses, ratings, cases and visits (DESIGN.md §5). */
  refreshBoardRollups: {
    queue: 'boards',
    name: 'refresh-board-rollups',
    payload: z.object({}),
    retry: { attempts: 1, backoff: { type: 'fixed', delay: 0 } },
    every: 15_000,
  },
} as const satisfies Record<string, JobDefinition>

export type JobKey = keyof typeof JOBS
export type JobPayload<K extends JobKey> = z.infer<(typeof JOBS)[K]['payload']>
export const QUEUE_NAMES = [...new Set(Object.values(JOBS).map((j) => j.queue))]
