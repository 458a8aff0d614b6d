/**
 * How a per-channel rate limit (messages per second) becomes BullMQ work: sends go in batches
 * of up to MAX_BATCH invitations per job, and the queue's limiter lets through enough jobs per
 * second for the rate. A slow rate gets small batches, so it is smooth rather than bursty.
 */
export const MAX_SEND_BATCH = 50

export interface SendBatchPlan {
  batchSize: number
  /** BullMQ limiter: at most this many jobs per `durationMs`. */
  limiter: { max: number; duration: number }
}

export function sendBatchPlan(messagesPerSecond: number): SendBatchPlan {
  if (!Number.isFinite(messagesPerSecond) || messagesPerSecond < 1) throw new RangeError(`rate must be at least 1 per second, got ${messagesPerSecond}`)
  const batchSize = Math.min(MAX_SEND_BATCH, Math.max(1, Math.floor(messagesPerSecond / 4)))
  // Whole jobs per second can overshoot by less than one batch; a longer window keeps it exact.
  const duration = 1000 * batchSize
  return { batchSize, limiter: { max: Math.max(1, Math.floor(messagesPerSecond)), duration } }
}
