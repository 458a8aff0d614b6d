import { z } from 'zod'
import { isUuid } from '#app/domain/form-fields.ts'
import { invitationTimes } from '#app/domain/survey-schedule.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { lockFailedInvitations, rescheduleFailedInvitation } from '#db/queries/survey-campaign-report.ts'
import { findCampaign } from '#db/queries/survey-campaigns.ts'
import { audit } from './audit.server.ts'

/**
 * Re-sending failed survey invitations: each goes back to `scheduled` at the next allowed
 * hour with fresh reminder and expiry times, and the sweep is asked to look soon. A paused
 * campaign may re-schedule (the dispatch skips it until it resumes); a stopped one may not.
 */

export const resendInputSchema = z.discriminatedUnion('intent', [z.object({ intent: z.literal('resend'), invitationId: z.string().refine(isUuid) }), z.object({ intent: z.literal('resendAll') })])
export type ResendInput = z.output<typeof resendInputSchema>

export type ResendResult = { ok: true; count: number; campaignStatus: 'running' | 'paused' } | { ok: false; error: 'notFound' | 'stopped' | 'notStarted' | 'nothingFailed' }

export async function resendFailedInvitations(
  ctx: AppContext,
  actor: { organizationId: string; actorUserId: string; timeZone: string },
  campaignId: string,
  input: ResendInput,
): Promise<ResendResult> {
  if (!isUuid(campaignId)) return { ok: false, error: 'notFound' }
  const { organizationId } = actor
  const result = await ctx.db.transaction(async (tx): Promise<ResendResult> => {
    // Locked so a concurrent stop cannot slip between the check and the re-scheduling.
    const found = await findCampaign(tx, { organizationId, campaignId, lock: true })
    if (!found) return { ok: false, error: 'notFound' }
    const campaign = found.campaign
    if (campaign.status === 'stopped') return { ok: false, error: 'stopped' }
    if (campaign.status === 'draft') return { ok: false, error: 'notStarted' }
    const failed = await lockFailedInvitations(tx, { organizationId, campaignId, invitationId: input.intent === 'resend' ? input.invitationId : undefined })
    if (failed.length === 0) return { ok: false, error: 'nothingFailed' }
    const now = ctx.clock.now()
    // As a new invitation for an event happening now, with no delay: the next allowed hour.
    const times = invitationTimes({ eventAt: now, settings: { ...campaign, delayMinutes: 0 }, timeZone: actor.timeZone, now })
    const resent: string[] = []
    for (const invitation of failed) {
      const moved = await rescheduleFailedInvitation(tx, {
        organizationId,
        invitationId: invitation.id,
        ...times,
        at: now,
        detail: { resent: true, byUserId: actor.actorUserId, lastError: invitation.lastError, attempts: invitation.attempts, sendAt: times.sendAt.toISOString() },
      })
      if (moved) resent.push(invitation.id)
    }
    await audit(tx, {
      organizationId,
      actorUserId: actor.actorUserId,
      action: 'survey_campaign.invitations_resent',
      entityType: 'survey_campaign',
      entityId: campaignId,
      after: { name: campaign.name, count: resent.length, invitationIds: resent, sendAt: times.sendAt },
    })
    return { ok: true, count: resent.length, campaignStatus: campaign.status }
  })
  if (result.ok) {
    // After commit, so the sweep finds the rows. If the queue is down, the periodic sweep still will.
    try {
      await ctx.jobs.enqueue('sweepSurveyInvitations', {})
    } catch (error) {
      ctx.logger.warn('could not enqueue the survey sweep after a re-send; the periodic sweep will pick it up', { campaignId, error: String(error) })
    }
  }
  return result
}
