import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { CampaignTrigger } from '#app/domain/survey-campaign-settings.ts'
import type { CampaignStatus } from '#app/domain/survey-invitation.ts'
import type { Executor } from '../executor.ts'
import { surveyCampaigns, surveyInvitations, surveyTemplates, surveyTemplateVersions } from '../schema/index.ts'

type Tenant = { organizationId: string }
export type SurveyCampaignRow = typeof surveyCampaigns.$inferSelect
type CampaignValues = Omit<typeof surveyCampaigns.$inferInsert, 'id' | 'organizationId' | 'status' | 'createdAt' | 'updatedAt' | 'startedAt' | 'stoppedAt'>

/** The newest version of each template: max(version) per template. */
const latestVersions = (db: Executor, organizationId: string) =>
  db
    .select({ templateId: surveyTemplateVersions.templateId, version: sql<number>`max(${surveyTemplateVersions.version})`.as('max_version') })
    .from(surveyTemplateVersions)
    .where(eq(surveyTemplateVersions.organizationId, organizationId))
    .groupBy(surveyTemplateVersions.templateId)
    .as('latest')

/** Templates a new campaign may use (not archived), each with the id of its latest version. */
export async function listCampaignTemplateChoices(db: Executor, { organizationId, templateId }: Tenant & { templateId?: string }) {
  const latest = latestVersions(db, organizationId)
  return db
    .select({ templateId: surveyTemplates.id, name: surveyTemplates.name, nameEn: surveyTemplates.nameEn, versionId: surveyTemplateVersions.id, version: surveyTemplateVersions.version })
    .from(surveyTemplates)
    .innerJoin(latest, eq(latest.templateId, surveyTemplates.id))
    .innerJoin(surveyTemplateVersions, and(eq(surveyTemplateVersions.templateId, surveyTemplates.id), eq(surveyTemplateVersions.version, latest.version)))
    .where(and(eq(surveyTemplates.organizationId, organizationId), isNull(surveyTemplates.archivedAt), templateId ? eq(surveyTemplates.id, templateId) : undefined))
    .orderBy(asc(surveyTemplates.createdAt), asc(surveyTemplates.name))
}

export async function insertCampaign(db: Executor, { organizationId, ...values }: Tenant & CampaignValues & { createdAt: Date }) {
  const [row] = await db
    .insert(surveyCampaigns)
    .values({ organizationId, ...values, updatedAt: values.createdAt })
    .returning()
  return row!
}

/** The hospital's campaigns with their template's names, newest first. */
export async function listCampaigns(db: Executor, { organizationId }: Tenant) {
  return db
    .select({ campaign: surveyCampaigns, templateName: surveyTemplates.name, templateNameEn: surveyTemplates.nameEn })
    .from(surveyCampaigns)
    .innerJoin(surveyTemplates, eq(surveyTemplates.id, surveyCampaigns.templateId))
    .where(eq(surveyCampaigns.organizationId, organizationId))
    .orderBy(desc(surveyCampaigns.createdAt))
}

/** Undefined when the campaign belongs to another hospital; `lock` holds the row until the transaction ends. */
export async function findCampaign(db: Executor, { organizationId, campaignId, lock = false }: Tenant & { campaignId: string; lock?: boolean }) {
  const query = db
    .select({ campaign: surveyCampaigns, templateName: surveyTemplates.name, templateNameEn: surveyTemplates.nameEn, templateVersion: surveyTemplateVersions.version })
    .from(surveyCampaigns)
    .innerJoin(surveyTemplates, eq(surveyTemplates.id, surveyCampaigns.templateId))
    .innerJoin(surveyTemplateVersions, eq(surveyTemplateVersions.id, surveyCampaigns.templateVersionId))
    .where(and(eq(surveyCampaigns.organizationId, organizationId), eq(surveyCampaigns.id, campaignId)))
    .limit(1)
  const [row] = lock ? await query.for('update', { of: surveyCampaigns }) : await query
  return row
}

export async function updateCampaign(
  db: Executor,
  { organizationId, campaignId, ...values }: Tenant & { campaignId: string; updatedAt: Date } & Partial<CampaignValues> & { status?: CampaignStatus; startedAt?: Date; stoppedAt?: Date },
) {
  const [row] = await db
    .update(surveyCampaigns)
    .set(values)
    .where(and(eq(surveyCampaigns.organizationId, organizationId), eq(surveyCampaigns.id, campaignId)))
    .returning()
  return row
}

/** Invitations per campaign and status, in one grouped query; `campaignId` narrows to one campaign. */
export async function countInvitationsByCampaignAndStatus(db: Executor, { organizationId, campaignId }: Tenant & { campaignId?: string }) {
  return db
    .select({ campaignId: surveyInvitations.campaignId, status: surveyInvitations.status, count: count() })
    .from(surveyInvitations)
    .where(and(eq(surveyInvitations.organizationId, organizationId), campaignId ? eq(surveyInvitations.campaignId, campaignId) : undefined))
    .groupBy(surveyInvitations.campaignId, surveyInvitations.status)
}


/** The hospital's running campaigns with this trigger. */
export async function listRunningCampaigns(db: Executor, { organizationId, trigger }: Tenant & { trigger: CampaignTrigger }) {
  return db
    .select()
    .from(surveyCampaigns)
    .where(and(eq(surveyCampaigns.organizationId, organizationId), eq(surveyCampaigns.trigger, trigger), inArray(surveyCampaigns.status, ['running'])))
    .orderBy(asc(surveyCampaigns.createdAt))
}
