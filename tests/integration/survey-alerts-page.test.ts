import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { respondToSurvey } from '#app/services/survey-response.server.ts'
import { auditEvents, surveyAlerts, surveyInvitations } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'
import { createSurveyInvitation } from '#tests/helpers/surveys.ts'

const clock = testClock(new Date('2026-11-20T02:00:00Z'))
let t: TestContext
let a: TestHospital
let b: TestHospital

/** Alerts made through the real survey page's service, one minute apart. */
let cardiologyWithCase: { alertId: string; caseId: string }
let radiologyAlert: string
let otherHospitalAlert: string

async function alertFor(h: TestHospital, departmentId: string, fields: Record<string, string>) {
  clock.advance(60_000)
  const { token, invitation } = await createSurveyInvitation(t.ctx, { organizationId: h.organization.id })
  await t.ctx.db.update(surveyInvitations).set({ departmentId }).where(eq(surveyInvitations.id, invitation.id))
  const form = new FormData()
  form.set('intent', 'submit')
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  const outcome = await respondToSurvey(t.ctx, token, form)
  if (outcome.kind !== 'completed') throw new Error(outcome.kind)
  const [alert] = await t.ctx.db.select().from(surveyAlerts).where(eq(surveyAlerts.responseId, outcome.responseId))
  return alert!
}

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
  const withCase = await alertFor(a, a.departments.cardiology.id, { doctor: '1', comments: '候诊三小时无人解释', 'comments.complaint': 'on', wantsContact: 'on' })
  cardiologyWithCase = { alertId: withCase.id, caseId: withCase.caseId! }
  radiologyAlert = (await alertFor(a, a.departments.radiology.id, { doctor: '5', recommend: '3' })).id
  otherHospitalAlert = (await alertFor(b, b.departments.cardiology.id, { doctor: '2' })).id
})
afterAll(() => t.close())

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}
const alertsPage = (h: TestHospital, query = '') => `/app/${h.organization.slug}/surveys/alerts${query}`
const rowsOf = (html: string) => [...html.matchAll(/data-alert="([^"]+)" data-acknowledged="(yes|no)"/g)].map((m) => ({ id: m[1]!, acknowledged: m[2] === 'yes' }))

describe('the survey alerts page', () => {
  it('shows patient service every alert of the hospital, newest first, in words with a link to the case', async () => {
    const page = await (await signedIn(a.users.patient_service.email)).get(alertsPage(a))
    expect(page.status).toBe(200)
    expect(rowsOf(page.text).map((r) => r.id)).toEqual([radiologyAlert, cardiologyWithCase.alertId])
    expect(page.text).not.toContain(otherHospitalAlert)
    expect(page.text).toContain('医生是否耐心解释了您的病情？：1/5 分')
    expect(page.text).toContain('其他意见或建议（患者标记为投诉）：“候诊三小时无人解释”')
    expect(page.text).toContain('您向亲友推荐本院的可能性有多大？：推荐意愿 3/10')
    expect(page.text).toContain(a.departments.cardiology.name)
    expect(page.text).toContain(a.departments.radiology.name)
    expect(page.text).toContain('回访 门诊患者满意度调查')
    expect(page.text).toContain(`href="/app/${a.organization.slug}/cases/${cardiologyWithCase.caseId}"`)
    expect(page.text).toContain('未立案（患者未同意被联系）')
    expect(page.text).toContain('data-nav="surveyAlerts"')
  })

  it('speaks English to an English-speaking user', async () => {
    const page = await (await signedIn(a.users.admin.email, { acceptLanguage: 'en' })).get(alertsPage(a))
    expect(page.status).toBe(200)
    expect(page.text).toContain('Survey alerts')
    expect(page.text).toContain('Did the doctor explain your condition patiently?: 1/5')
    expect(page.text).toContain('Acknowledge')
  })

  it('shows a department head only the alerts of their departments', async () => {
    const page = await (await signedIn(a.users.department_head.email)).get(alertsPage(a))
    expect(page.status).toBe(200)
    expect(rowsOf(page.text).map((r) => r.id)).toEqual([cardiologyWithCase.alertId])
    expect(page.text).toContain('仅显示您所在科室的预警')
  })

  it('lets leadership read every alert but acknowledge none', async () => {
    const client = await signedIn(a.users.leadership.email)
    const page = await client.get(alertsPage(a))
    expect(rowsOf(page.text)).toHaveLength(2)
    expect(page.text).not.toContain('name="intent" value="acknowledge"')
    const res = await client.post(alertsPage(a), { intent: 'acknowledge', alertId: radiologyAlert })
    expect(res.status).toBe(403)
  })

  it('keeps the page from ward staff', async () => {
    const res = await (await signedIn(a.users.staff.email)).get(alertsPage(a))
    expect(res.status).toBe(403)
  })

  it('refuses a department head acknowledging another department’s or hospital’s alert', async () => {
    const client = await signedIn(a.users.department_head.email)
    await client.get(alertsPage(a))
    expect((await client.post(alertsPage(a), { intent: 'acknowledge', alertId: radiologyAlert })).status).toBe(404)
    expect((await client.post(alertsPage(a), { intent: 'acknowledge', alertId: otherHospitalAlert })).status).toBe(404)
    expect((await client.post(alertsPage(a), { intent: 'acknowledge', alertId: 'not-a-uuid' })).status).toBe(400)
    const [row] = await t.ctx.db.select().from(surveyAlerts).where(eq(surveyAlerts.id, radiologyAlert))
    expect(row!.acknowledgedAt).toBeNull()
  })

  it('acknowledges an alert once, records who did it in the audit log, and moves it out of the open list', async () => {
    const client = await signedIn(a.users.department_head.email)
    await client.get(alertsPage(a))
    const res = await client.post(alertsPage(a), { intent: 'acknowledge', alertId: cardiologyWithCase.alertId })
    expect(res.status).toBe(303)
    expect(res.location).toBe(alertsPage(a, '?acknowledged=1'))
    const [row] = await t.ctx.db.select().from(surveyAlerts).where(eq(surveyAlerts.id, cardiologyWithCase.alertId))
    expect(row!.acknowledgedAt?.toISOString()).toBe(clock.now().toISOString())
    expect(row!.acknowledgedByUserId).toBe(a.users.department_head.id)
    const audited = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'survey_alert'), eq(auditEvents.entityId, cardiologyWithCase.alertId)))
    expect(audited.map((e) => [e.action, e.actorUserId])).toEqual([['survey_alert.acknowledged', a.users.department_head.id]])

    const after = await client.get(res.location!)
    expect(after.text).toContain('预警已确认')
    expect(rowsOf(after.text)).toEqual([])
    expect(after.text).toContain('没有待确认的预警')
    const all = await client.get(alertsPage(a, '?show=all'))
    expect(rowsOf(all.text)).toEqual([{ id: cardiologyWithCase.alertId, acknowledged: true }])
    expect(all.text).toContain('已确认（')

    const again = await client.post(alertsPage(a), { intent: 'acknowledge', alertId: cardiologyWithCase.alertId, show: 'all' })
    expect(again.location).toBe(alertsPage(a, '?show=all&already=1'))
    const auditedAgain = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'survey_alert'), eq(auditEvents.entityId, cardiologyWithCase.alertId)))
    expect(auditedAgain).toHaveLength(1)
  })
})
