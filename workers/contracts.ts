import { z } from 'zod'

/**
 * Every job declared once: which queue it runs on and its payload (ids only — queue
 * data sits in clear text in Redis/PostgreSQL). Handlers live in workers/jobs/.
 */
export const JOBS = {
  deliverMessage: {
    queue: 'messages',
    name: 'deliver-message',
    payload: z.object({ messageId: z.string().uuid() }),
  },
} as const

export type JobKey = keyof typeof JOBS
export type JobPayload<K extends JobKey> = z.infer<(typeof JOBS)[K]['payload']>
export const QUEUE_NAMES = [...new Set(Object.values(JOBS).map((j) => j.queue))]
