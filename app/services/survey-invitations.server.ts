import { createHmac, randomUUID } from 'node:crypto'
import { withDescendants } from '#app/domain/department-tree.ts'
import { capBlocks, invitationTimes, personKey } from '#app/domain/survey-schedule.ts'
import type { PatientEventType } from '#app/domain/survey-invitation.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashToken } from '#app/lib/tokens.server.ts'
import type { Executor } from '#db/executor.ts'
import { listDepartments } from '#db/queries/departments.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { insertInvitations, listInvitationTimesOf, type NewSurveyInvitation } from '#db/queries/survey-invitations.ts'
import { runningCampaignsFor, type RunningCampaign } from './survey-campaigns.server.ts'

/** A discharge or visit as the invitation engine needs it. */
export interface SurveyableEvent {
  id: string
  type: PatientEventType
  patientName: string | null
  phone: string | null
  email: string | null
  departmentId: string | null
  occurredAt: Date
  locale: 'zh-CN' | 'en'
}

/**
 * The link of an invitation: derived from its id with the server secret, so the invitation
 * and its reminder carry the same link without keeping the token itself (only its hash).
 */
export function surveyToken(ctx: Pick<AppContext, 'sessionSecret'>, invitationId: string): string {
  return createHmac('sha256', ctx.sessionSecret).update(`survey-invitation:${invitationId}`).digest('base64url')
}

export const surveyUrl = (ctx: AppContext, invitationId: string) => `${ctx.config.publicUrl}/s/${surveyToken(ctx, invitationId)}`

function coversDepartment(campaign: RunningCampaign, departmentId: string | null, departments: { id: string; parentId: string | null }[]) {
  if (campaign.departmentIds.length === 0) return true
  if (!departmentId) return false
  return campaign.departmentIds.some((id) => withDescendants(departments, id).includes(departmentId))
}

/**
 * Invites the people of new discharges and visits (DESIGN.md §4): every running campaign with
 * that trigger and department gets one invitation per event, at an allowed hour after its
 * delay, with its reminder and expiry — unless the person has an invitation (from any of the
 * hospital's campaigns) less than the campaign's
 * frequency cap away, within this batch too. Idempotent per (campaign, event). Runs in the
 * caller's transaction; returns how many invitations were made.
 */
export async function inviteForEvents(ctx: AppContext, tx: Executor, organizationId: string, events: readonly SurveyableEvent[]): Promise<number> {
  if (events.length === 0) return 0
  const campaigns = (await Promise.all([...new Set(events.map((e) => e.type))].map((trigger) => runningCampaignsFor(tx, organizationId, trigger)))).flat()
  if (campaigns.length === 0) return 0
  const [organization, departments] = await Promise.all([findOrganizationById(tx, { organizationId }), listDepartments(tx, { organizationId })])
  if (!organization) return 0
  const keys = [...new Set(events.map((e) => personKey(e)).filter((k): k is string => k !== null))]
  const invitedAt = new Map<string, Date[]>()
  for (const row of await listInvitationTimesOf(tx, { organizationId, personKeys: keys })) invitedAt.set(row.personKey!, [...(invitedAt.get(row.personKey!) ?? []), row.sendAt])

  const now = ctx.clock.now()
  const invitations: NewSurveyInvitation[] = []
  for (const event of events) {
    const key = personKey(event)
    for (const campaign of campaigns) {
      if (campaign.settings.trigger !== event.type || !coversDepartment(campaign, event.departmentId, departments)) continue
      const times = invitationTimes({ eventAt: event.occurredAt, settings: campaign.settings, timeZone: organization.timeZone, now })
      const earlier = key ? (invitedAt.get(key) ?? []) : []
      if (earlier.some((at) => capBlocks({ lastInvitedAt: at, now: times.sendAt, capDays: campaign.settings.frequencyCapDays }))) continue
      const id = randomUUID()
      invitations.push({
        id,
        campaignId: campaign.id,
        templateVersionId: campaign.templateVersionId,
        patientEventId: event.id,
        personKey: key,
        recipientName: event.patientName,
        phone: event.phone,
        email: event.email,
        locale: event.locale,
        departmentId: event.departmentId,
        tokenHash: hashToken(surveyToken(ctx, id)),
        status: 'scheduled',
        sendAt: times.sendAt,
        reminderAt: times.reminderAt,
        expiresAt: times.expiresAt,
      })
      if (key) invitedAt.set(key, [...earlier, times.sendAt])
    }
  }
  return (await insertInvitations(tx, { organizationId, invitations, at: now })).length
}
