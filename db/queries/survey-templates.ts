import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { SurveyContent } from '#app/domain/survey-template.ts'
import type { Executor } from '../executor.ts'
import { surveyCampaigns, surveyResponses, surveyTemplates, surveyTemplateVersions } from '../schema/index.ts'

type Tenant = { organizationId: string }
export type SurveyTemplateRow = typeof surveyTemplates.$inferSelect
export type SurveyTemplateVersionRow = typeof surveyTemplateVersions.$inferSelect

/** The shipped keys a hospital already has (archived ones included). */
export async function listTemplateKeys(db: Executor, { organizationId }: Tenant) {
  const rows = await db
    .select({ key: surveyTemplates.key })
    .from(surveyTemplates)
    .where(and(eq(surveyTemplates.organizationId, organizationId), isNotNull(surveyTemplates.key)))
  return rows.map((r) => r.key!)
}

/** A template; with a key, nothing when the hospital already has that key (unique (org, key)). */
export async function insertTemplate(db: Executor, values: Tenant & { key?: string | null; name: string; nameEn: string | null; createdAt?: Date }) {
  const [row] = await db
    .insert(surveyTemplates)
    .values({ ...values, updatedAt: values.createdAt })
    .onConflictDoNothing()
    .returning()
  return row
}

export async function insertTemplateVersion(db: Executor, values: Tenant & { templateId: string; version: number; content: SurveyContent; createdByUserId: string | null }) {
  const [row] = await db.insert(surveyTemplateVersions).values(values).returning()
  return row!
}

export async function updateTemplateVersionContent(db: Executor, { organizationId, versionId, content }: Tenant & { versionId: string; content: SurveyContent }) {
  await db
    .update(surveyTemplateVersions)
    .set({ content })
    .where(and(eq(surveyTemplateVersions.organizationId, organizationId), eq(surveyTemplateVersions.id, versionId)))
}

export async function touchTemplate(db: Executor, { organizationId, templateId, updatedAt, archivedAt }: Tenant & { templateId: string; updatedAt: Date; archivedAt?: Date | null }) {
  const [row] = await db
    .update(surveyTemplates)
    .set({ updatedAt, ...(archivedAt !== undefined && { archivedAt }) })
    .where(and(eq(surveyTemplates.organizationId, organizationId), eq(surveyTemplates.id, templateId)))
    .returning()
  return row
}

/** One template of the hospital; `lock` holds the row until the transaction ends. */
export async function findTemplate(db: Executor, { organizationId, templateId, lock = false }: Tenant & { templateId: string; lock?: boolean }) {
  const query = db
    .select()
    .from(surveyTemplates)
    .where(and(eq(surveyTemplates.organizationId, organizationId), eq(surveyTemplates.id, templateId)))
    .limit(1)
  const [row] = lock ? await query.for('update') : await query
  return row
}

/** The newest version of a template, with whether it is in use. */
export async function findLatestVersion(db: Executor, { organizationId, templateId }: Tenant & { templateId: string }) {
  const [version] = await db
    .select()
    .from(surveyTemplateVersions)
    .where(and(eq(surveyTemplateVersions.organizationId, organizationId), eq(surveyTemplateVersions.templateId, templateId)))
    .orderBy(desc(surveyTemplateVersions.version))
    .limit(1)
  if (!version) return undefined
  const [campaign] = await db
    .select({ id: surveyCampaigns.id })
    .from(surveyCampaigns)
    .where(and(eq(surveyCampaigns.organizationId, organizationId), eq(surveyCampaigns.templateVersionId, version.id)))
    .limit(1)
  const [response] = await db
    .select({ id: surveyResponses.id })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.organizationId, organizationId), eq(surveyResponses.templateVersionId, version.id)))
    .limit(1)
  return { version, usedByCampaign: campaign !== undefined, hasResponses: response !== undefined }
}

/** Every question id any version of the template used, so a new question never reuses one. */
export async function listQuestionIdsOfAllVersions(db: Executor, { organizationId, templateId }: Tenant & { templateId: string }) {
  const rows = await db
    .select({ content: surveyTemplateVersions.content })
    .from(surveyTemplateVersions)
    .where(and(eq(surveyTemplateVersions.organizationId, organizationId), eq(surveyTemplateVersions.templateId, templateId)))
  return rows.flatMap((r) => r.content.questions.map((q) => q.id))
}

/** The hospital's templates with their latest version's number and question count, and whether a campaign uses any version. */
export async function listTemplatesWithLatest(db: Executor, { organizationId }: Tenant) {
  const templates = await db.select().from(surveyTemplates).where(eq(surveyTemplates.organizationId, organizationId)).orderBy(asc(surveyTemplates.createdAt), asc(surveyTemplates.name))
  if (templates.length === 0) return []
  const ids = templates.map((t) => t.id)
  const latest = await db
    .selectDistinctOn([surveyTemplateVersions.templateId], {
      templateId: surveyTemplateVersions.templateId,
      version: surveyTemplateVersions.version,
      questionCount: sql<number>`jsonb_array_length(${surveyTemplateVersions.content} -> 'questions')`.mapWith(Number),
    })
    .from(surveyTemplateVersions)
    .where(and(eq(surveyTemplateVersions.organizationId, organizationId), inArray(surveyTemplateVersions.templateId, ids)))
    .orderBy(surveyTemplateVersions.templateId, desc(surveyTemplateVersions.version))
  const used = await db
    .selectDistinct({ templateId: surveyTemplateVersions.templateId })
    .from(surveyCampaigns)
    .innerJoin(surveyTemplateVersions, eq(surveyTemplateVersions.id, surveyCampaigns.templateVersionId))
    .where(eq(surveyCampaigns.organizationId, organizationId))
  const latestBy = new Map(latest.map((l) => [l.templateId, l]))
  const usedIds = new Set(used.map((u) => u.templateId))
  return templates.map((t) => ({
    ...t,
    version: latestBy.get(t.id)?.version ?? 0,
    questionCount: latestBy.get(t.id)?.questionCount ?? 0,
    usedByCampaign: usedIds.has(t.id),
  }))
}
