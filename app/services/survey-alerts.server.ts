import { z } from 'zod'
import type { LocalizedText } from '#app/domain/survey-template.ts'
import type { LowScoreReason } from '#app/domain/survey-answers.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { acknowledgeSurveyAlert, findSurveyAlert, listSurveyAlerts, type AlertDepartmentScope } from '#db/queries/survey-alerts.ts'
import { audit } from './audit.server.ts'
import { loadCaseViewer } from './case-access.server.ts'

/**
 * The survey alerts page (/app/:org/surveys/alerts): who sees which alerts follows the case
 * rules — everyone who may see every case sees every alert; department heads see those of
 * their departments (sub-departments included).
 */

export const ALERTS_PAGE_SIZE = 50

export const alertsQuerySchema = z.object({ show: z.enum(['open', 'all']).catch('open'), before: z.uuid().optional().catch(undefined) })
export type AlertsQuery = z.output<typeof alertsQuerySchema>

export const acknowledgeSchema = z.object({ intent: z.literal('acknowledge'), alertId: z.uuid() })

async function alertScope(ctx: AppContext, organizationId: string, userId: string): Promise<AlertDepartmentScope | undefined> {
  const viewer = await loadCaseViewer(ctx.db, organizationId, userId)
  if (!viewer) return undefined
  return viewer.scope.kind === 'all' ? null : viewer.departmentIds
}

export interface AlertFindingView {
  reason: LowScoreReason
  /** The question's text in both languages; null when the version no longer has it. */
  question: LocalizedText | null
  value: number | string
}

export interface AlertView {
  id: string
  createdAt: Date
  department: { name: string; nameEn: string | null } | null
  campaignId: string
  campaignName: string
  caseId: string | null
  caseNumber: string | null
  acknowledgedAt: Date | null
  findings: AlertFindingView[]
}

const storedFindingsSchema = z.array(z.object({ questionId: z.string(), reason: z.enum(['low_rating', 'low_nps', 'complaint_text']), value: z.union([z.number(), z.string()]) }))

export async function loadSurveyAlerts(ctx: AppContext, { organizationId, userId, query }: { organizationId: string; userId: string; query: AlertsQuery }) {
  const scope = await alertScope(ctx, organizationId, userId)
  if (scope === undefined) return { items: [] as AlertView[], hasMore: false, scoped: true }
  const cursor = query.before ? await findSurveyAlert(ctx.db, { organizationId, alertId: query.before, scope }) : undefined
  const rows = await listSurveyAlerts(ctx.db, {
    organizationId,
    scope,
    openOnly: query.show === 'open',
    before: cursor ? { createdAt: cursor.createdAt, id: cursor.id } : undefined,
    limit: ALERTS_PAGE_SIZE + 1,
  })
  const items = rows.slice(0, ALERTS_PAGE_SIZE).map((r): AlertView => {
    const stored = storedFindingsSchema.safeParse(r.alert.findings)
    return {
      id: r.alert.id,
      createdAt: r.alert.createdAt,
      department: r.departmentName ? { name: r.departmentName, nameEn: r.departmentNameEn } : null,
      campaignId: r.campaignId,
      campaignName: r.campaignName,
      caseId: r.alert.caseId,
      caseNumber: r.caseNumber,
      acknowledgedAt: r.alert.acknowledgedAt,
      findings: (stored.success ? stored.data : []).map((f) => ({ reason: f.reason, question: r.content.questions.find((q) => q.id === f.questionId)?.text ?? null, value: f.value })),
    }
  })
  return { items, hasMore: rows.length > ALERTS_PAGE_SIZE, scoped: scope !== null }
}

export type AcknowledgeResult = { ok: true; already: boolean } | { ok: false }

/** Marks an alert seen by this user, once, with an audit event; an alert outside their scope does not exist for them. */
export async function acknowledgeAlert(ctx: AppContext, { organizationId, userId, alertId }: { organizationId: string; userId: string; alertId: string }): Promise<AcknowledgeResult> {
  const scope = await alertScope(ctx, organizationId, userId)
  if (scope === undefined) return { ok: false }
  return ctx.db.transaction(async (tx) => {
    const alert = await findSurveyAlert(tx, { organizationId, alertId, scope })
    if (!alert) return { ok: false as const }
    const done = await acknowledgeSurveyAlert(tx, { organizationId, alertId, userId, at: ctx.clock.now() })
    if (!done) return { ok: true as const, already: true }
    await audit(tx, {
      organizationId,
      actorUserId: userId,
      action: 'survey_alert.acknowledged',
      entityType: 'survey_alert',
      entityId: alertId,
      before: null,
      after: { departmentId: done.departmentId, caseId: done.caseId },
    })
    return { ok: true as const, already: false }
  })
}
