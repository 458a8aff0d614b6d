import { UnrecoverableError, type Job } from 'bullmq'

/**
 * Whether BullMQ gives up on the job after this error. Mirrors BullMQ's own rule: while an
 * attempt runs, `attemptsMade` counts only the attempts before it, so the current one is
 * attempt `attemptsMade + 1` of `opts.attempts`.
 */
export function isFinalFailure(job: Pick<Job, 'attemptsMade' | 'opts'>, error: unknown): boolean {
  if (isPermanentError(error)) return true
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
}

/** An error no retry can fix: BullMQ's UnrecoverableError and its kinds (e.g. PermanentDeliveryError). */
export function isPermanentError(error: unknown): boolean {
  return error instanceof UnrecoverableError || (error instanceof Error && error.name === 'UnrecoverableError')
}

const EMAIL_ADDRESS = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+\.[^\s<>"'(),;:@]+/g
const PHONE_NUMBER = /\+?\d(?:[ -]?\d){7,}/g

/** Provider errors quote the recipient ("550 <zhang.wei@…>: unknown user"); logs must not. */
export function errorForLog(error: unknown): { name?: string; message: string } {
  const mask = (text: string) => text.replace(EMAIL_ADDRESS, '<email>').replace(PHONE_NUMBER, '<phone>')
  if (error instanceof Error) return { name: error.name, message: mask(error.message) }
  return { message: mask(String(error)) }
}
