import type { Locale } from '#app/domain/locales.ts'
import { lowScoreFindings, surveyAnswersSchema, type LowScoreFinding } from '#app/domain/survey-answers.ts'
import type { SurveyTemplateContent } from '#app/domain/survey-template.ts'
import { escalationRecipients } from '#app/domain/sla-recipients.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { translator } from '#app/lib/i18n.ts'
import type { Executor } from '#db/executor.ts'
import { findDepartment, findPatientServiceDepartment, listDepartments } from '#db/queries/departments.ts'
import { findOrganizationById, type Organization } from '#db/queries/organizations.ts'
import { listEscalationCandidates } from '#db/queries/sla-escalations.ts'
import { findClosedLoopFacts, insertSurveyAlert, linkSurveyAlertCase } from '#db/queries/survey-alerts.ts'
import { renderSurveyAlertEmail } from '#emails/survey-alert.ts'
import { recordSubmissionIn, type SubmissionInput } from './intake.server.ts'
import { queueEmail } from './messages.server.ts'

/**
 * The closed loop (DESIGN.md §4): a completed response with a low score or a free-text
 * complaint raises one alert for its department and patient service, told by email; when the
 * respondent agreed to be contacted it also opens a complaint case (channel `survey`) through
 * the normal intake, so patient service is first responsible and the patient gets a receipt.
 *
 * Everything is written in one transaction keyed on the response's unique alert: a second
 * call (a retried job, a double submit) finds the alert and does nothing.
 */

export type ClosedLoopOutcome = { kind: 'none' } | { kind: 'exists' } | { kind: 'raised'; alertId: string; caseId: string | null; notified: number }

type Facts = NonNullable<Awaited<ReturnType<typeof findClosedLoopFacts>>>
type Dispatch = () => Promise<unknown>

export async function runSurveyClosedLoop(
  ctx: AppContext,
  { organizationId, responseId, findings: given }: { organizationId: string; responseId: string; findings?: readonly LowScoreFinding[] | undefined },
): Promise<ClosedLoopOutcome> {
  const facts = await findClosedLoopFacts(ctx.db, { organizationId, responseId })
  if (!facts || !facts.response.completedAt) return { kind: 'none' }
  const findings = given ?? storedFindings(facts)
  if (findings.length === 0) return { kind: 'none' }

  const dispatches: Dispatch[] = []
  const outcome = await ctx.db.transaction(async (tx): Promise<ClosedLoopOutcome> => {
    const now = ctx.clock.now()
    const { invitation, response } = facts
    const alert = await insertSurveyAlert(tx, { organizationId, responseId, invitationId: invitation.id, departmentId: invitation.departmentId, findings, createdAt: now })
    if (!alert) return { kind: 'exists' }
    const organization = await findOrganizationById(tx, { organizationId })
    if (!organization) throw new Error('survey response of an unknown hospital')

    let opened: { caseId: string; number: string } | null = null
    if (response.wantsContact) {
      opened = await openComplaintCase(ctx, tx, facts, findings, dispatches)
      if (opened) await linkSurveyAlertCase(tx, { organizationId, alertId: alert.id, responseId, caseId: opened.caseId })
    }
    const notified = await notifyStaff(ctx, tx, { organization, facts, findings, caseNumber: opened?.number ?? null, dispatches })
    return { kind: 'raised', alertId: alert.id, caseId: opened?.caseId ?? null, notified }
  })
  for (const dispatch of dispatches) await dispatch().catch((error) => ctx.logger.error('survey alert message could not be queued for delivery', { responseId, error }))
  return outcome
}

/** Findings from the stored answers, for a caller that did not compute them (a retry). */
function storedFindings(facts: Facts): LowScoreFinding[] {
  const answers = surveyAnswersSchema.safeParse(facts.response.answers)
  return answers.success ? lowScoreFindings(facts.content, answers.data) : []
}

/**
 * The complaint, through the same intake as every other channel: first responsible is patient
 * service, the survey's department is the department it concerns. The receipt goes by the
 * channel the invitation reached the patient on. Runs in a savepoint: if intake refuses it (no
 * patient-service department), the alert is still raised and the failure logged.
 */
async function openComplaintCase(ctx: AppContext, tx: Executor, facts: Facts, findings: readonly LowScoreFinding[], dispatches: Dispatch[]) {
  const { invitation } = facts
  const department = invitation.departmentId ? await findDepartment(tx, { organizationId: invitation.organizationId, departmentId: invitation.departmentId }) : undefined
  const byEmail = invitation.channel === 'email' || (!invitation.channel && !invitation.phone)
  const input: SubmissionInput = {
    organizationId: invitation.organizationId,
    kind: 'complaint',
    channel: 'survey',
    text: complaintText(facts.content, findings, invitation.locale),
    departmentId: department?.active ? department.id : null,
    contactName: invitation.recipientName,
    // The phone stays on the case for a callback; the receipt SMS only when the survey came by SMS.
    contactPhone: invitation.phone,
    contactEmail: byEmail ? invitation.email : null,
    consentToContact: true,
    locale: invitation.locale,
    skipReceiptSms: byEmail,
  }
  class Refused extends Error {}
  try {
    return await tx.transaction(async (savepoint) => {
      const { result, dispatches: queued } = await recordSubmissionIn(ctx, savepoint, input)
      if (!result.ok || !result.receipt.caseId || !result.receipt.number) throw new Refused(result.ok ? 'no case' : result.error)
      dispatches.push(...queued)
      return { caseId: result.receipt.caseId, number: result.receipt.number }
    })
  } catch (e) {
    if (!(e instanceof Refused)) throw e
    ctx.logger.error('survey complaint could not open a case', { organizationId: invitation.organizationId, responseId: facts.response.id, reason: e.message })
    return null
  }
}

/** The case text in the respondent's language: each low question with its score, and the complaint in their words. */
export function complaintText(content: SurveyTemplateContent, findings: readonly LowScoreFinding[], locale: Locale): string {
  const t = translator(locale)
  const questionText = (id: string) => content.questions.find((q) => q.id === id)?.text[locale] ?? id
  const lines = findings.map((f) => {
    const question = questionText(f.questionId)
    if (f.reason === 'low_rating') return `· ${t('surveyAlerts:caseText.rating', { question, value: f.value })}`
    if (f.reason === 'low_nps') return `· ${t('surveyAlerts:caseText.nps', { question, value: f.value })}`
    return `· ${t('surveyAlerts:caseText.complaint', { question, text: f.value })}`
  })
  return [t('surveyAlerts:caseText.header', { survey: content.title[locale] }), ...lines].join('\n')
}

/**
 * The department's heads and patient service, by email. Recipients are resolved by the SLA
 * rules for a department's findings coming due — its heads (or the patient-service director
 * when it has none) and the patient-service queue — so both notices reach the same people.
 */
async function notifyStaff(
  ctx: AppContext,
  tx: Executor,
  {
    organization,
    facts,
    findings,
    caseNumber,
    dispatches,
  }: { organization: Organization; facts: Facts; findings: readonly LowScoreFinding[]; caseNumber: string | null; dispatches: Dispatch[] },
) {
  const organizationId = organization.id
  const [patientService, departments, staff] = await Promise.all([
    findPatientServiceDepartment(tx, { organizationId }),
    listDepartments(tx, { organizationId }),
    listEscalationCandidates(tx, { organizationId }),
  ])
  if (!patientService) {
    ctx.logger.error('survey alert has nobody to notify: no patient-service department', { organizationId })
    return 0
  }
  const departmentId = facts.invitation.departmentId
  const recipients = escalationRecipients('due', {
    clockKind: 'findings',
    clockDepartmentId: departmentId,
    owner: { departmentId: patientService.id, userId: null },
    patientServiceDepartmentId: patientService.id,
    departments,
    staff,
  })
  const department = departmentId ? departments.find((d) => d.id === departmentId) : undefined
  const alertsUrl = `${ctx.config.publicUrl}/app/${organization.slug}/surveys/alerts`
  // Scores only: the complaint's words stay behind the sign-in.
  const scores = findings.map((f) => ({ reason: f.reason, value: f.reason === 'complaint_text' ? '' : f.value }))
  for (const userId of recipients) {
    const person = staff.find((s) => s.userId === userId)!
    const locale = person.locale ?? organization.defaultLocale
    const email = renderSurveyAlertEmail({
      locale,
      hospitalName: locale === 'en' && organization.nameEn ? organization.nameEn : organization.name,
      departmentName: department ? (locale === 'en' && department.nameEn ? department.nameEn : department.name) : null,
      campaignName: facts.campaignName,
      findings: scores,
      caseNumber,
      alertsUrl,
    })
    const queued = await queueEmail(ctx, tx, { organizationId, to: person.email, template: 'survey_alert', email })
    dispatches.push(queued.dispatch)
  }
  return recipients.length
}
