import { and, desc, eq, inArray, isNull, lt, or, type SQL } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { cases, departments, surveyAlerts, surveyCampaigns, surveyInvitations, surveyResponses, surveyTemplateVersions } from '../schema/index.ts'

type Tenant = { organizationId: string }
export type SurveyAlert = typeof surveyAlerts.$inferSelect

/**
 * What the closed loop needs about one completed response: the answers and whether the
 * respondent agreed to be contacted, the invitation's person and department, the questions
 * of the version they answered, and the campaign's name.
 */
export async function findClosedLoopFacts(db: Executor, { organizationId, responseId }: Tenant & { responseId: string }) {
  const [row] = await db
    .select({ response: surveyResponses, invitation: surveyInvitations, content: surveyTemplateVersions.content, campaignName: surveyCampaigns.name })
    .from(surveyResponses)
    .innerJoin(surveyInvitations, eq(surveyInvitations.id, surveyResponses.invitationId))
    .innerJoin(surveyTemplateVersions, eq(surveyTemplateVersions.id, surveyResponses.templateVersionId))
    .innerJoin(surveyCampaigns, eq(surveyCampaigns.id, surveyInvitations.campaignId))
    .where(and(eq(surveyResponses.organizationId, organizationId), eq(surveyResponses.id, responseId)))
    .limit(1)
  return row
}

/** The alert of a response, once: returns undefined when the response already has one (unique responseId). */
export async function insertSurveyAlert(db: Executor, values: Tenant & { responseId: string; invitationId: string; departmentId: string | null; findings: unknown; createdAt: Date }) {
  const [row] = await db.insert(surveyAlerts).values(values).onConflictDoNothing({ target: surveyAlerts.responseId }).returning()
  return row
}

/** Links the case opened from a response to its alert and to the response itself. */
export async function linkSurveyAlertCase(db: Executor, { organizationId, alertId, responseId, caseId }: Tenant & { alertId: string; responseId: string; caseId: string }) {
  await db
    .update(surveyAlerts)
    .set({ caseId })
    .where(and(eq(surveyAlerts.organizationId, organizationId), eq(surveyAlerts.id, alertId)))
  await db
    .update(surveyResponses)
    .set({ caseId })
    .where(and(eq(surveyResponses.organizationId, organizationId), eq(surveyResponses.id, responseId)))
}

export async function findSurveyAlertByResponse(db: Executor, { organizationId, responseId }: Tenant & { responseId: string }) {
  const [row] = await db
    .select()
    .from(surveyAlerts)
    .where(and(eq(surveyAlerts.organizationId, organizationId), eq(surveyAlerts.responseId, responseId)))
    .limit(1)
  return row
}

/** null: every alert of the hospital; a list: only alerts of those departments (none when empty). */
export type AlertDepartmentScope = readonly string[] | null

function scopeCondition(scope: AlertDepartmentScope): SQL | undefined {
  if (scope === null) return undefined
  return scope.length ? inArray(surveyAlerts.departmentId, [...scope]) : eq(surveyAlerts.id, '00000000-0000-0000-0000-000000000000')
}

/**
 * A page of alerts, newest first, with what the list shows: department, campaign, the case's
 * number, and the questions of the answered version (to name the low questions).
 * `before` is the last alert of the previous page (createdAt, id).
 */
export async function listSurveyAlerts(
  db: Executor,
  { organizationId, scope, openOnly, before, limit }: Tenant & { scope: AlertDepartmentScope; openOnly: boolean; before?: { createdAt: Date; id: string } | undefined; limit: number },
) {
  const conditions = [
    eq(surveyAlerts.organizationId, organizationId),
    scopeCondition(scope),
    openOnly ? isNull(surveyAlerts.acknowledgedAt) : undefined,
    before ? or(lt(surveyAlerts.createdAt, before.createdAt), and(eq(surveyAlerts.createdAt, before.createdAt), lt(surveyAlerts.id, before.id))) : undefined,
  ]
  return db
    .select({
      alert: surveyAlerts,
      departmentName: departments.name,
      departmentNameEn: departments.nameEn,
      campaignId: surveyCampaigns.id,
      campaignName: surveyCampaigns.name,
      caseNumber: cases.number,
      content: surveyTemplateVersions.content,
    })
    .from(surveyAlerts)
    .innerJoin(surveyInvitations, eq(surveyInvitations.id, surveyAlerts.invitationId))
    .innerJoin(surveyCampaigns, eq(surveyCampaigns.id, surveyInvitations.campaignId))
    .innerJoin(surveyTemplateVersions, eq(surveyTemplateVersions.id, surveyInvitations.templateVersionId))
    .leftJoin(departments, eq(departments.id, surveyAlerts.departmentId))
    .leftJoin(cases, eq(cases.id, surveyAlerts.caseId))
    .where(and(...conditions))
    .orderBy(desc(surveyAlerts.createdAt), desc(surveyAlerts.id))
    .limit(limit)
}

export async function findSurveyAlert(db: Executor, { organizationId, alertId, scope }: Tenant & { alertId: string; scope: AlertDepartmentScope }) {
  const [row] = await db
    .select()
    .from(surveyAlerts)
    .where(and(eq(surveyAlerts.organizationId, organizationId), eq(surveyAlerts.id, alertId), scopeCondition(scope)))
    .limit(1)
  return row
}

/** Marks an alert seen, once: returns undefined when it was already acknowledged. */
export async function acknowledgeSurveyAlert(db: Executor, { organizationId, alertId, userId, at }: Tenant & { alertId: string; userId: string; at: Date }) {
  const [row] = await db
    .update(surveyAlerts)
    .set({ acknowledgedAt: at, acknowledgedByUserId: userId })
    .where(and(eq(surveyAlerts.organizationId, organizationId), eq(surveyAlerts.id, alertId), isNull(surveyAlerts.acknowledgedAt)))
    .returning()
  return row
}
