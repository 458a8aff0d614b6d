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
} as const satisfies Record<string, JobDefinition>

export type JobKey = keyof typeof JOBS
export type JobPayload<K extends JobKey> = z.infer<(typeof JOBS)[K]['payload']>
export const QUEUE_NAMES = [...new Set(Object.values(JOBS).map((j) => j.queue))]
