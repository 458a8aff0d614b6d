import { createHmac, randomUUID } from 'node:crypto'
import { withDescendants } from '#app/domain/department-tree.ts'
import type { Locale } from '#app/domain/locales.ts'
import type { CampaignTrigger } from '#app/domain/survey-campaign-settings.ts'
import { capBlocks, invitationTimes, personKey } from '#app/domain/survey-schedule.ts'
import type { PatientEventType } from '#app/domain/survey-invitation.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashToken } from '#app/lib/tokens.server.ts'
import type { Executor } from '#db/executor.ts'
import { listDepartments } from '#db/queries/departments.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { findSubmission } from '#db/queries/submissions.ts'
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

/** One person to invite: from a discharge or visit, a closed case, or a manual list. */
export interface Invitee {
  trigger: CampaignTrigger
  /** The campaign's delay counts from here: the discharge or visit, the closure, or when the person was added. */
  at: Date
  recipientName: string | null
  phone: string | null
  email: string | null
  departmentId: string | null
  locale: Locale
  /** What makes the invitation idempotent per campaign (unique constraints): the event or the case. */
  patientEventId?: string | null
  caseId?: string | null
}

/** What the engine needs of a campaign (a running one, or a draft for a manual list). */
export type InvitingCampaign = Pick<RunningCampaign, 'id' | 'templateVersionId' | 'departmentIds' | 'settings'>

/**
 * The link of an invitation: derived from its id with the server secret, so the invitation
 * and its reminder carry the same link without keeping the token itself (only its hash).
 */
export function surveyToken(ctx: Pick<AppContext, 'sessionSecret'>, invitationId: string): string {
  return createHmac('sha256', ctx.sessionSecret).update(`survey-invitation:${invitationId}`).digest('base64url')
}

export const surveyUrl = (ctx: AppContext, invitationId: string) => `${ctx.config.publicUrl}/s/${surveyToken(ctx, invitationId)}`

export function coversDepartment(campaign: Pick<InvitingCampaign, 'departmentIds'>, departmentId: string | null, departments: { id: string; parentId: string | null }[]) {
  if (campaign.departmentIds.length === 0) return true
  if (!departmentId) return false
  return campaign.departmentIds.some((id) => withDescendants(departments, id).includes(departmentId))
}

export interface InvitationPlan {
  /** Ready to insert, each with the index of its invitee. */
  invitations: (NewSurveyInvitation & { invitee: number })[]
  /** Invitees (by index) a campaign would have invited but the frequency cap kept back. */
  capped: { invitee: number; campaignId: string }[]
}

/**
 * The invitations for these people (DESIGN.md §4): every given campaign with the invitee's
 * trigger and department gets one, at an allowed hour after its delay, with its reminder and
 * expiry — unless the person has an invitation (from any of the hospital's campaigns, or
 * earlier in this batch) less than the campaign's frequency cap away. Stores nothing, so a
 * manual list can show it as a preview; `storeInvitationPlan` stores it.
 */
export async function planInvitations(
  ctx: AppContext,
  db: Executor,
  organizationId: string,
  campaigns: readonly InvitingCampaign[],
  invitees: readonly Invitee[],
): Promise<InvitationPlan> {
  const plan: InvitationPlan = { invitations: [], capped: [] }
  if (invitees.length === 0 || campaigns.length === 0) return plan
  const [organization, departments] = await Promise.all([findOrganizationById(db, { organizationId }), listDepartments(db, { organizationId })])
  if (!organization) return plan
  const keys = [...new Set(invitees.map((e) => personKey(e)).filter((k): k is string => k !== null))]
  const invitedAt = new Map<string, Date[]>()
  for (const row of await listInvitationTimesOf(db, { organizationId, personKeys: keys })) invitedAt.set(row.personKey!, [...(invitedAt.get(row.personKey!) ?? []), row.sendAt])

  const now = ctx.clock.now()
  invitees.forEach((invitee, index) => {
    const key = personKey(invitee)
    for (const campaign of campaigns) {
      if (campaign.settings.trigger !== invitee.trigger || !coversDepartment(campaign, invitee.departmentId, departments)) continue
      const times = invitationTimes({ eventAt: invitee.at, settings: campaign.settings, timeZone: organization.timeZone, now })
      const earlier = key ? (invitedAt.get(key) ?? []) : []
      if (earlier.some((at) => capBlocks({ lastInvitedAt: at, now: times.sendAt, capDays: campaign.settings.frequencyCapDays }))) {
        plan.capped.push({ invitee: index, campaignId: campaign.id })
        continue
      }
      const id = randomUUID()
      plan.invitations.push({
        invitee: index,
        id,
        campaignId: campaign.id,
        templateVersionId: campaign.templateVersionId,
        patientEventId: invitee.patientEventId ?? null,
        caseId: invitee.caseId ?? null,
        personKey: key,
        recipientName: invitee.recipientName,
        phone: invitee.phone,
        email: invitee.email,
        locale: invitee.locale,
        departmentId: invitee.departmentId,
        tokenHash: hashToken(surveyToken(ctx, id)),
        status: 'scheduled',
        sendAt: times.sendAt,
        reminderAt: times.reminderAt,
        expiresAt: times.expiresAt,
      })
      if (key) invitedAt.set(key, [...earlier, times.sendAt])
    }
  })
  return plan
}

/** Stores a plan in the caller's transaction; returns the invitations inserted (idempotent per campaign and event or case). */
export async function storeInvitationPlan(ctx: AppContext, tx: Executor, organizationId: string, plan: InvitationPlan, detail?: Record<string, string>) {
  const invitations = plan.invitations.map(({ invitee: _invitee, ...row }) => row)
  return insertInvitations(tx, { organizationId, invitations, at: ctx.clock.now(), ...(detail && { detail }) })
}

async function inviteAll(ctx: AppContext, tx: Executor, organizationId: string, campaigns: readonly InvitingCampaign[], invitees: readonly Invitee[]) {
  return storeInvitationPlan(ctx, tx, organizationId, await planInvitations(ctx, tx, organizationId, campaigns, invitees))
}

/**
 * Invites the people of new discharges and visits into every running campaign with that
 * trigger and department. Idempotent per (campaign, event). Runs in the caller's transaction;
 * returns how many invitations were made.
 */
export async function inviteForEvents(ctx: AppContext, tx: Executor, organizationId: string, events: readonly SurveyableEvent[]): Promise<number> {
  if (events.length === 0) return 0
  const campaigns = (await Promise.all([...new Set(events.map((e) => e.type))].map((trigger) => runningCampaignsFor(tx, organizationId, trigger)))).flat()
  if (campaigns.length === 0) return 0
  const invitees = events.map(
    (e): Invitee => ({
      trigger: e.type,
      at: e.occurredAt,
      recipientName: e.patientName,
      phone: e.phone,
      email: e.email,
      departmentId: e.departmentId,
      locale: e.locale,
      patientEventId: e.id,
    }),
  )
  return (await inviteAll(ctx, tx, organizationId, campaigns, invitees)).length
}

/** The closed case as the engine needs it (the row performCaseAction just wrote). */
export interface ClosedCase {
  id: string
  submissionId: string
  closedAt: Date | null
  attributedDepartmentId: string | null
  firstResponsibleDepartmentId: string | null
}

/**
 * Invites the patient of a case that was just closed into every running `case_closed`
 * campaign covering the case's department (post-complaint handling satisfaction), in the
 * transaction that closes it: a rolled-back close leaves no invitation. The patient must have
 * agreed to be contacted and left a phone or email (an anonymous complaint gets nothing).
 * The department is the one the complaint concerns, else the one it was attributed to, else
 * its first responsible department. Idempotent per (campaign, case): reopening and closing
 * again invites no one twice. Returns how many invitations were made.
 */
export async function inviteForClosedCase(ctx: AppContext, tx: Executor, organizationId: string, closed: ClosedCase): Promise<number> {
  const campaigns = await runningCampaignsFor(tx, organizationId, 'case_closed')
  if (campaigns.length === 0) return 0
  const submission = await findSubmission(tx, { organizationId, submissionId: closed.submissionId })
  if (!submission || !submission.consentToContact) return 0
  const invitee: Invitee = {
    trigger: 'case_closed',
    at: closed.closedAt ?? ctx.clock.now(),
    recipientName: submission.contactName,
    phone: submission.contactPhone,
    email: submission.contactEmail,
    departmentId: submission.departmentId ?? closed.attributedDepartmentId ?? closed.firstResponsibleDepartmentId,
    locale: submission.locale,
    caseId: closed.id,
  }
  if (!personKey(invitee)) return 0
  return (await inviteAll(ctx, tx, organizationId, campaigns, [invitee])).length
}
