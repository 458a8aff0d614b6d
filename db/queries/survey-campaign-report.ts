import { and, asc, count, desc, eq, gte, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm'
import type { InvitationStatus } from '#app/domain/survey-invitation.ts'
import type { Executor } from '../executor.ts'
import { departments, surveyInvitationHistory, surveyInvitations, surveyResponses, surveyTemplateVersions } from '../schema/index.ts'

/**
 * The campaign page's figures (invitations per day, the filtered invitation list), re-sending
 * failed invitations and the responses export. Every function takes the tenant.
 */

type Tenant = { organizationId: string }
type Campaign = Tenant & { campaignId: string }

const ofCampaign = ({ organizationId, campaignId }: Campaign) => and(eq(surveyInvitations.organizationId, organizationId), eq(surveyInvitations.campaignId, campaignId))

const STAMPS = { sent: surveyInvitations.sentAt, opened: surveyInvitations.openedAt, completed: surveyInvitations.completedAt } as const
export type ActivityKind = keyof typeof STAMPS

/** How many of the campaign's invitations were sent / opened / completed on each local day since `since`. */
export async function countInvitationActivityPerDay(db: Executor, { kind, since, timeZone, ...campaign }: Campaign & { kind: ActivityKind; since: Date; timeZone: string }) {
  const stamp = STAMPS[kind]
  const day = sql<string>`to_char(${stamp} at time zone ${timeZone}, 'YYYY-MM-DD')`
  return (
    db
      .select({ day, count: count() })
      .from(surveyInvitations)
      .where(and(ofCampaign(campaign), isNotNull(stamp), gte(stamp, since)))
      // By position: the same expression twice would carry two parameters PostgreSQL cannot match.
      .groupBy(sql`1`)
  )
}

export interface InvitationListCriteria {
  status?: InvitationStatus | undefined
  channel?: 'sms' | 'email' | undefined
  sendFrom?: Date | undefined
  sendUntil?: Date | undefined
}

function listWhere(campaign: Campaign, c: InvitationListCriteria): SQL | undefined {
  return and(
    ofCampaign(campaign),
    c.status ? eq(surveyInvitations.status, c.status) : undefined,
    c.channel ? eq(surveyInvitations.channel, c.channel) : undefined,
    c.sendFrom ? gte(surveyInvitations.sendAt, c.sendFrom) : undefined,
    c.sendUntil ? lte(surveyInvitations.sendAt, c.sendUntil) : undefined,
  )
}

/** One page of the campaign's invitations matching the filters (latest planned send first), and how many match. */
export async function listCampaignInvitations(db: Executor, { criteria, limit, offset, ...campaign }: Campaign & { criteria: InvitationListCriteria; limit: number; offset: number }) {
  const where = listWhere(campaign, criteria)
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: surveyInvitations.id,
        phone: surveyInvitations.phone,
        email: surveyInvitations.email,
        status: surveyInvitations.status,
        channel: surveyInvitations.channel,
        sendAt: surveyInvitations.sendAt,
        sentAt: surveyInvitations.sentAt,
      })
      .from(surveyInvitations)
      .where(where)
      .orderBy(desc(surveyInvitations.sendAt), desc(surveyInvitations.createdAt), asc(surveyInvitations.id))
      .limit(limit)
      .offset(offset),
    db.select({ count: count() }).from(surveyInvitations).where(where),
  ])
  return { rows, total: Number(total?.count ?? 0) }
}

/** The campaign's failed invitations (one, when `invitationId` is given), locked until the transaction ends. */
export async function lockFailedInvitations(db: Executor, { invitationId, ...campaign }: Campaign & { invitationId?: string | undefined }) {
  return db
    .select({ id: surveyInvitations.id, lastError: surveyInvitations.lastError, attempts: surveyInvitations.attempts })
    .from(surveyInvitations)
    .where(and(ofCampaign(campaign), eq(surveyInvitations.status, 'failed'), invitationId ? eq(surveyInvitations.id, invitationId) : undefined))
    .orderBy(asc(surveyInvitations.sendAt))
    .for('update')
}

/**
 * Puts a failed invitation back in the outbox: `scheduled` with fresh times, attempts and
 * queue mark cleared, and a history row that keeps the error it failed with. Only if it is
 * still failed; returns whether it moved.
 */
export async function rescheduleFailedInvitation(
  db: Executor,
  {
    organizationId,
    invitationId,
    sendAt,
    reminderAt,
    expiresAt,
    at,
    detail,
  }: Tenant & { invitationId: string; sendAt: Date; reminderAt: Date | null; expiresAt: Date; at: Date; detail: Record<string, unknown> },
) {
  const moved = await db
    .update(surveyInvitations)
    .set({ status: 'scheduled', sendAt, reminderAt, reminderSentAt: null, expiresAt, attempts: 0, lastError: null, queuedAt: null, updatedAt: at })
    .where(and(eq(surveyInvitations.organizationId, organizationId), eq(surveyInvitations.id, invitationId), eq(surveyInvitations.status, 'failed')))
    .returning({ id: surveyInvitations.id })
  if (moved.length === 0) return false
  await db.insert(surveyInvitationHistory).values({ organizationId, invitationId, status: 'scheduled', at, detail })
  return true
}

/** The campaign's completed responses, oldest first, with what the export shows (no names or full contacts). */
export async function listCompletedResponses(db: Executor, { limit, ...campaign }: Campaign & { limit: number }) {
  return db
    .select({
      id: surveyResponses.id,
      completedAt: surveyResponses.completedAt,
      answers: surveyResponses.answers,
      wantsContact: surveyResponses.wantsContact,
      templateVersionId: surveyResponses.templateVersionId,
      channel: surveyInvitations.channel,
      phone: surveyInvitations.phone,
      email: surveyInvitations.email,
      departmentName: departments.name,
      departmentNameEn: departments.nameEn,
    })
    .from(surveyResponses)
    .innerJoin(surveyInvitations, eq(surveyInvitations.id, surveyResponses.invitationId))
    .leftJoin(departments, eq(departments.id, surveyInvitations.departmentId))
    .where(and(ofCampaign(campaign), eq(surveyResponses.organizationId, campaign.organizationId), isNotNull(surveyResponses.completedAt)))
    .orderBy(asc(surveyResponses.completedAt), asc(surveyResponses.id))
    .limit(limit)
}

/** The template versions (questions) with these ids, oldest first. */
export async function listTemplateVersionContents(db: Executor, { organizationId, versionIds }: Tenant & { versionIds: string[] }) {
  if (versionIds.length === 0) return []
  return db
    .select({ id: surveyTemplateVersions.id, version: surveyTemplateVersions.version, content: surveyTemplateVersions.content })
    .from(surveyTemplateVersions)
    .where(and(eq(surveyTemplateVersions.organizationId, organizationId), inArray(surveyTemplateVersions.id, versionIds)))
    .orderBy(asc(surveyTemplateVersions.version))
}
