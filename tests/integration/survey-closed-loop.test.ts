import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSurveyClosedLoop } from '#app/services/survey-closed-loop.server.ts'
import { respondToSurvey } from '#app/services/survey-response.server.ts'
import { cases, outboundMessages, submissions, surveyAlerts, surveyInvitations, surveyResponses } from '#db/schema/index.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { createSurveyInvitation } from '#tests/helpers/surveys.ts'

// A Friday morning in Beijing (a working day), so the case's clocks start at once.
const clock = testClock(new Date('2026-11-20T02:00:00Z'))
let t: TestContext
let a: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

/** An invitation for cardiology, reached by SMS unless told otherwise. */
async function invite(options: { locale?: 'zh-CN' | 'en'; channel?: 'sms' | 'email'; email?: string | null } = {}) {
  const created = await createSurveyInvitation(t.ctx, { organizationId: a.organization.id, ...(options.locale ? { locale: options.locale } : {}) })
  await t.ctx.db
    .update(surveyInvitations)
    .set({ departmentId: a.departments.cardiology.id, channel: options.channel ?? 'sms', email: options.email ?? null })
    .where(eq(surveyInvitations.id, created.invitation.id))
  return created
}

/** Submits the one-page survey; `doctor` is required. */
async function answer(token: string, fields: Record<string, string>) {
  const form = new FormData()
  form.set('intent', 'submit')
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  const outcome = await respondToSurvey(t.ctx, token, form)
  expect(outcome.kind).toBe('completed')
  if (outcome.kind !== 'completed') throw new Error('not completed')
  return outcome
}

async function alertsOf(invitationId: string) {
  return t.ctx.db.select().from(surveyAlerts).where(eq(surveyAlerts.invitationId, invitationId))
}
async function responseOf(invitationId: string) {
  const [row] = await t.ctx.db.select().from(surveyResponses).where(eq(surveyResponses.invitationId, invitationId))
  return row!
}
async function caseOf(caseId: string) {
  const [row] = await t.ctx.db.select({ case: cases, submission: submissions }).from(cases).innerJoin(submissions, eq(submissions.id, cases.submissionId)).where(eq(cases.id, caseId))
  return row!
}
async function alertEmails(since: Date) {
  const rows = await t.ctx.db
    .select()
    .from(outboundMessages)
    .where(and(eq(outboundMessages.organizationId, a.organization.id), eq(outboundMessages.template, 'survey_alert')))
  return rows.filter((m) => m.createdAt >= since)
}
const staffEmail = (role: keyof TestHospital['users']) => a.users[role].email

describe('closed loop: a low score with consent to be contacted', () => {
  it('opens a survey complaint case owned by patient service, links it to the alert, and tells the department head and patient service', async () => {
    const { token, invitation } = await invite()
    const since = new Date()
    const outcome = await answer(token, { doctor: '1', recommend: '9', comments: '护士态度很差，呼叫铃半小时没人来', 'comments.complaint': 'on', wantsContact: 'on' })

    const [alert] = await alertsOf(invitation.id)
    expect(alert).toBeDefined()
    expect(alert!.responseId).toBe(outcome.responseId)
    expect(alert!.departmentId).toBe(a.departments.cardiology.id)
    expect(alert!.findings).toEqual(outcome.findings)
    expect(alert!.caseId).not.toBeNull()
    expect((await responseOf(invitation.id)).caseId).toBe(alert!.caseId)

    const { case: kase, submission } = await caseOf(alert!.caseId!)
    expect(kase.status).toBe('received')
    expect(kase.firstResponsibleDepartmentId).toBe(a.departments.patientService.id)
    expect(kase.ownerDepartmentId).toBe(a.departments.patientService.id)
    expect(kase.firstResponsibleUserId).toBeNull()
    expect(submission.kind).toBe('complaint')
    expect(submission.channel).toBe('survey')
    expect(submission.departmentId).toBe(a.departments.cardiology.id)
    expect(submission.consentToContact).toBe(true)
    expect(submission.contactPhone).toBe('+8613800138000')
    expect(submission.locale).toBe('zh-CN')
    // The case quotes the low answers in the respondent's language.
    expect(submission.text).toContain('门诊患者满意度调查')
    expect(submission.text).toContain('医生是否耐心解释了您的病情？：1 分（满分 5 分）')
    expect(submission.text).toContain('其他意见或建议（作为投诉）：护士态度很差，呼叫铃半小时没人来')
    expect(submission.text).not.toContain('推荐')

    const emails = await alertEmails(since)
    expect(emails.map((m) => m.recipient).sort()).toEqual([staffEmail('department_head'), staffEmail('patient_service')].sort())
    for (const m of emails) {
      expect(m.subject).toContain(a.departments.cardiology.name)
      expect(m.text).toContain(kase.number)
      expect(m.text).toContain(`/app/${a.organization.slug}/surveys/alerts`)
      // No patient data: not the name, the phone, nor the complaint's words.
      expect(m.text).not.toContain('张三')
      expect(m.text).not.toContain('13800138000')
      expect(m.text).not.toContain('呼叫铃')
      expect(m.html).not.toContain('呼叫铃')
    }

    // The patient gets the normal receipt with the tracking link, by SMS as the survey came.
    const receipts = await t.ctx.db
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.organizationId, a.organization.id), eq(outboundMessages.template, 'receipt')))
    const mine = receipts.filter((m) => m.text.includes(kase.number))
    expect(mine.map((m) => m.channel)).toEqual(['sms'])
    expect(mine[0]!.recipient).toBe('+8613800138000')
    expect(mine[0]!.text).toContain('/t/')
  })

  it('sends the receipt by email when the survey came by email, and writes the case in English for an English respondent', async () => {
    const { token, invitation } = await invite({ locale: 'en', channel: 'email', email: 'li@example.cn' })
    await answer(token, { doctor: '2', wantsContact: 'on' })
    const [alert] = await alertsOf(invitation.id)
    const { case: kase, submission } = await caseOf(alert!.caseId!)
    expect(submission.text).toContain('Did the doctor explain your condition patiently?: 2 (out of 5)')
    const receipts = await t.ctx.db
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.organizationId, a.organization.id), eq(outboundMessages.template, 'receipt')))
    const mine = receipts.filter((m) => m.text.includes(kase.number))
    expect(mine.map((m) => [m.channel, m.recipient])).toEqual([['email', 'li@example.cn']])
  })
})

describe('closed loop: alerts without a case', () => {
  it('raises an alert and emails staff but opens no case when the respondent did not agree to be contacted', async () => {
    const { token, invitation } = await invite()
    const since = new Date()
    await answer(token, { doctor: '2' })
    const alerts = await alertsOf(invitation.id)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.caseId).toBeNull()
    expect((await responseOf(invitation.id)).caseId).toBeNull()
    const emails = await alertEmails(since)
    expect(emails.map((m) => m.recipient).sort()).toEqual([staffEmail('department_head'), staffEmail('patient_service')].sort())
    expect(emails[0]!.text).toMatch(/未立案|no case was opened/)
  })

  it('raises nothing for a good response, even with consent to be contacted', async () => {
    const { token, invitation } = await invite()
    await answer(token, { doctor: '3', recommend: '7', comments: '总体还行', wantsContact: 'on' })
    expect(await alertsOf(invitation.id)).toEqual([])
    expect((await responseOf(invitation.id)).caseId).toBeNull()
  })

  it('raises an alert for a recommendation score of 6 or lower', async () => {
    const low = await invite()
    await answer(low.token, { doctor: '5', recommend: '6' })
    const [alert] = await alertsOf(low.invitation.id)
    expect(alert!.findings).toEqual([{ questionId: 'recommend', dimension: 'recommendation', reason: 'low_nps', value: 6 }])
  })

  it('raises an alert for a comment marked as a complaint, with good scores', async () => {
    const { token, invitation } = await invite()
    await answer(token, { doctor: '5', recommend: '10', comments: '停车场收费不合理', 'comments.complaint': 'on', wantsContact: 'on' })
    const [alert] = await alertsOf(invitation.id)
    expect(alert!.findings).toEqual([{ questionId: 'comments', dimension: 'overall', reason: 'complaint_text', value: '停车场收费不合理' }])
    const { submission } = await caseOf(alert!.caseId!)
    expect(submission.text).toContain('停车场收费不合理')
  })
})

/** Cases opened from surveys in this hospital so far. */
async function surveyCaseCount() {
  const rows = await t.ctx.db
    .select({ id: cases.id })
    .from(cases)
    .innerJoin(submissions, eq(submissions.id, cases.submissionId))
    .where(and(eq(submissions.organizationId, a.organization.id), eq(submissions.channel, 'survey')))
  return rows.length
}

describe('closed loop: idempotence', () => {
  it('keeps one alert and one case when the loop runs again, or twice at once', async () => {
    const { token, invitation } = await invite()
    const outcome = await answer(token, { doctor: '1', wantsContact: 'on' })
    const before = await surveyCaseCount()
    const since = new Date()
    expect(await runSurveyClosedLoop(t.ctx, { organizationId: a.organization.id, responseId: outcome.responseId })).toEqual({ kind: 'exists' })
    const both = await Promise.all([
      runSurveyClosedLoop(t.ctx, { organizationId: a.organization.id, responseId: outcome.responseId, findings: outcome.findings }),
      runSurveyClosedLoop(t.ctx, { organizationId: a.organization.id, responseId: outcome.responseId, findings: outcome.findings }),
    ])
    expect(both).toEqual([{ kind: 'exists' }, { kind: 'exists' }])
    expect(await alertsOf(invitation.id)).toHaveLength(1)
    expect(await surveyCaseCount()).toBe(before)
    expect(await alertEmails(since)).toEqual([])
  })

  it('raises the alert and opens the case once when two runs for a fresh response race', async () => {
    const { token, invitation } = await invite()
    // Completed with nothing low (no alert), then made low behind the survey page's back.
    const outcome = await answer(token, { doctor: '4', wantsContact: 'on' })
    await t.ctx.db
      .update(surveyResponses)
      .set({ answers: { doctor: { type: 'rating', value: 1 } } })
      .where(eq(surveyResponses.id, outcome.responseId))
    const before = await surveyCaseCount()
    const runs = await Promise.all([
      runSurveyClosedLoop(t.ctx, { organizationId: a.organization.id, responseId: outcome.responseId }),
      runSurveyClosedLoop(t.ctx, { organizationId: a.organization.id, responseId: outcome.responseId }),
    ])
    expect(runs.map((r) => r.kind).sort()).toEqual(['exists', 'raised'])
    const alerts = await alertsOf(invitation.id)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.caseId).not.toBeNull()
    expect(await surveyCaseCount()).toBe(before + 1)
    expect((await responseOf(invitation.id)).caseId).toBe(alerts[0]!.caseId)
  })
})
