import { sendBatchPlan } from '#app/domain/survey-send-rate.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { claimDueInvitations, claimDueReminders, expireInvitations, type DueWork } from '#db/queries/survey-dispatch.ts'

/**
 * The survey sweep (DESIGN.md §4: the outbox lives in PostgreSQL, the queue only carries
 * work). Every run ends expired invitations and hands due invitations and reminders to the
 * per-channel send queues in batches. Claim and hand-over share a transaction: if the queue
 * is down the claim rolls back and the next sweep tries again; a job lost afterwards (Redis
 * died) is handed over again once its claim is stale. A duplicate job sends nothing twice:
 * the send leases each row and re-checks its status.
 */

/** Rows claimed per statement; a sweep loops until no more are due. */
const CLAIM_LIMIT = 5_000
/** A row handed to the queue this long ago and still not sent has lost its job. */
export const REQUEUE_AFTER_MS = 10 * 60_000
/** A sweep stops after this many rounds and leaves the rest to the next run (every 30 s). */
const MAX_ROUNDS = 40

export interface SweepResult {
  expired: number
  invitations: number
  reminders: number
}

export async function sweepSurveyWork(ctx: AppContext): Promise<SweepResult> {
  const result: SweepResult = { expired: 0, invitations: 0, reminders: 0 }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const now = ctx.clock.now()
    const expired = await expireInvitations(ctx.db, { now, limit: CLAIM_LIMIT })
    const invitations = await handOver(ctx, 'invitation', now)
    const reminders = await handOver(ctx, 'reminder', now)
    result.expired += expired
    result.invitations += invitations
    result.reminders += reminders
    if (expired < CLAIM_LIMIT && invitations < CLAIM_LIMIT && reminders < CLAIM_LIMIT) break
  }
  if (result.expired + result.invitations + result.reminders > 0) ctx.logger.info('survey sweep', { ...result })
  return result
}

async function handOver(ctx: AppContext, kind: 'invitation' | 'reminder', now: Date): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const claim = kind === 'invitation' ? claimDueInvitations : claimDueReminders
    const due = await claim(tx, { now, staleBefore: new Date(now.getTime() - REQUEUE_AFTER_MS), limit: CLAIM_LIMIT })
    if (due.length === 0) return 0
    await enqueueBatches(ctx, kind, due)
    return due.length
  })
}

async function enqueueBatches(ctx: AppContext, kind: 'invitation' | 'reminder', due: readonly DueWork[]) {
  for (const channel of ['sms', 'email'] as const) {
    const ids = due.filter((d) => d.plannedChannel === channel).map((d) => d.id)
    if (ids.length === 0) continue
    const { batchSize } = sendBatchPlan(ctx.config.surveyRates[channel])
    const batches: { kind: typeof kind; invitationIds: string[] }[] = []
    for (let i = 0; i < ids.length; i += batchSize) batches.push({ kind, invitationIds: ids.slice(i, i + batchSize) })
    await ctx.jobs.enqueueMany(channel === 'sms' ? 'sendSurveyBySms' : 'sendSurveyByEmail', batches)
  }
}

/** Asks the workers to sweep now (after a re-send or a resumed campaign) instead of at the next tick. */
export async function requestSurveySweep(ctx: AppContext) {
  await ctx.jobs.enqueue('sweepSurveyInvitations', {})
}
