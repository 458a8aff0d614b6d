import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { performCaseAction } from '#app/services/case-actions.server.ts'
import { recordSubmission, type SubmissionInput } from '#app/services/intake.server.ts'
import { updateOrganization } from '#db/queries/organizations.ts'
import { insertTimelineEvent } from '#db/queries/submissions.ts'
import { auditEvents, cases, outboundMessages, timelineEvents } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { mainOf, uniqueIp } from '#tests/helpers/patient.ts'

const clock = testClock(new Date('2026-11-16T02:00:00Z')) // Monday 10:00 in Shanghai
let t: TestContext
let a: TestHospital

const PHONE = '+8613812345678'
const EMAIL = 'patient@example.com'

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  await updateOrganization(t.ctx.db, { organizationId: a.organization.id, intakeLimitPerHour: 1000 })
})
afterAll(() => t.close())

/** A QR complaint with the patient's phone and email (unless told otherwise). */
async function complaint(extra: Partial<SubmissionInput> = {}) {
  const result = await recordSubmission(t.ctx, {
    organizationId: a.organization.id,
    kind: 'complaint',
    channel: 'qr',
    touchpointId: a.touchpoint.id,
    text: '输液室空调太冷，反映后无人处理',
    contactPhone: PHONE,
    contactEmail: EMAIL,
    locale: 'zh-CN',
    ...extra,
  })
  if (!result.ok) throw new Error(result.error)
  return { caseId: result.receipt.caseId!, number: result.receipt.number!, token: result.receipt.trackingToken! }
}

const ps = () => a.users.patient_service.id
const act = (caseId: string, action: unknown) => performCaseAction(t.ctx, { organizationId: a.organization.id, actorUserId: ps() }, caseId, action)
async function done(caseId: string, action: unknown) {
  expect(await act(caseId, action)).toMatchObject({ ok: true })
}
async function investigating(extra: Partial<SubmissionInput> = {}) {
  const c = await complaint(extra)
  await done(c.caseId, { type: 'accept' })
  await done(c.caseId, { type: 'startInvestigation' })
  return c
}

/** The case's answer or refusal messages (not its receipt), oldest first. */
async function noticesOf(number: string) {
  const rows = await t.ctx.db.select().from(outboundMessages).where(eq(outboundMessages.organizationId, a.organization.id)).orderBy(asc(outboundMessages.createdAt))
  return rows.filter((m) => (m.template === 'case_answer' || m.template === 'case_declined') && m.text.includes(number))
}
const eventsOf = (caseId: string) => t.ctx.db.select().from(timelineEvents).where(eq(timelineEvents.caseId, caseId)).orderBy(asc(timelineEvents.createdAt), asc(timelineEvents.seq))
async function caseRow(caseId: string) {
  const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, caseId))
  return row!
}
const trackingPath = (text: string) => {
  const token = text.match(/\/t\/([\w-]{20,})/)?.[1]
  if (!token) throw new Error(`no tracking link in: ${text}`)
  return `/t/${token}`
}
const patient = (acceptLanguage?: string) => new AppClient(t.ctx, { ip: uniqueIp(), ...(acceptLanguage ? { acceptLanguage } : {}) })

describe('telling the patient the answer', () => {
  it('texts the answer with the case number and a working tracking link, cut short with a pointer to the full answer', async () => {
    const c = await investigating()
    const answer = `经调查，输液室空调温控器故障，已于当日更换并将温度调至26度。${'我们向您致歉，并已要求后勤科每日巡查输液室温度。'.repeat(5)}`
    await done(c.caseId, { type: 'respond', answer, via: 'sms' })

    const [sms, ...more] = await noticesOf(c.number)
    expect(more).toEqual([])
    expect(sms).toMatchObject({ channel: 'sms', template: 'case_answer', recipient: PHONE, status: 'queued' })
    expect(sms!.text).toContain(a.organization.name)
    expect(sms!.text).toContain(c.number)
    expect(sms!.text).toContain('经调查，输液室空调温控器故障')
    expect(sms!.text).toContain('…（完整内容请查看链接）')
    expect(sms!.text).not.toContain(answer)
    expect(sms!.text.length).toBeLessThan(260)

    const res = await patient().get(trackingPath(sms!.text))
    expect(res.status).toBe(200)
    const page = mainOf(res.text)
    expect(page).toContain(`<p class="answer-text">${answer}</p>`)
    expect(page).toContain('医院已答复')

    const notified = (await eventsOf(c.caseId)).filter((e) => e.type === 'patient_notified')
    expect(notified).toHaveLength(1)
    expect(notified[0]).toMatchObject({ visibleToPatient: false, channel: 'sms', data: { via: 'sms', kind: 'answer', messageId: sms!.id } })
  })

  it('emails the full answer, escaped in the HTML part and whole in the text part, in the patient’s language', async () => {
    const c = await investigating({ locale: 'en', text: 'The infusion room was far too cold' })
    const answer = 'We replaced the thermostat & set the room to 26°C.\nThe <b>facilities team</b> now checks it every morning.'
    await done(c.caseId, { type: 'respond', answer, via: 'email' })

    const [email, ...more] = await noticesOf(c.number)
    expect(more).toEqual([])
    expect(email).toMatchObject({ channel: 'email', template: 'case_answer', recipient: EMAIL })
    expect(email!.subject).toBe(`${a.organization.nameEn}: our answer to your complaint (${c.number})`)
    expect(email!.html).toContain('We replaced the thermostat &amp; set the room to 26°C.<br>The &lt;b&gt;facilities team&lt;/b&gt; now checks it every morning.')
    expect(email!.html).not.toContain('<b>facilities')
    expect(email!.text).toContain(answer)
    expect(email!.text).toContain(c.number)

    const res = await patient('en').get(trackingPath(email!.text))
    expect(res.status).toBe(200)
    expect(mainOf(res.text)).toContain('The hospital answered')
    expect(mainOf(res.text)).toContain('The &lt;b&gt;facilities team&lt;/b&gt;')
  })

  it('only logs an answer given by phone: no message, a patient_notified event for staff', async () => {
    const c = await investigating()
    await done(c.caseId, { type: 'respond', answer: '已电话告知患者处理结果', via: 'phone' })
    expect(await noticesOf(c.number)).toEqual([])
    expect(await caseRow(c.caseId)).toMatchObject({ status: 'responded', answerVia: 'phone' })
    const notified = (await eventsOf(c.caseId)).filter((e) => e.type === 'patient_notified')
    expect(notified).toEqual([expect.objectContaining({ visibleToPatient: false, channel: 'phone', data: { via: 'phone', kind: 'answer', messageId: null } })])
  })

  it('refuses an SMS answer to a patient who left no phone number and changes nothing', async () => {
    const c = await investigating({ contactPhone: null })
    const before = await caseRow(c.caseId)
    const eventsBefore = await eventsOf(c.caseId)
    const auditBefore = await t.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'case'), eq(auditEvents.entityId, c.caseId)))

    const result = await act(c.caseId, { type: 'respond', answer: '已处理', via: 'sms' })
    expect(result).toEqual({ ok: false, error: 'patient:caseNotice.errors.noPhone', field: 'via' })
    expect(await caseRow(c.caseId)).toEqual(before)
    expect(before.status).toBe('investigating')
    expect(await eventsOf(c.caseId)).toEqual(eventsBefore)
    expect(await t.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'case'), eq(auditEvents.entityId, c.caseId)))).toEqual(auditBefore)
    expect(await noticesOf(c.number)).toEqual([])
  })

  it('refuses an email answer to a patient who left no email address', async () => {
    const c = await investigating({ contactEmail: null })
    expect(await act(c.caseId, { type: 'respond', answer: '已处理', via: 'email' })).toEqual({ ok: false, error: 'patient:caseNotice.errors.noEmail', field: 'via' })
    expect((await caseRow(c.caseId)).status).toBe('investigating')
  })

  it('emails the reason a complaint is not accepted', async () => {
    const c = await complaint()
    const reason = '该事项属于医疗纠纷，请通过医疗纠纷人民调解委员会或司法途径解决。'
    await done(c.caseId, { type: 'decline', reason, via: 'email' })
    const [email, ...more] = await noticesOf(c.number)
    expect(more).toEqual([])
    expect(email).toMatchObject({ channel: 'email', template: 'case_declined', recipient: EMAIL })
    expect(email!.subject).toContain('不予受理')
    expect(email!.html).toContain(reason)
    expect(email!.text).toContain(reason)
    expect((await eventsOf(c.caseId)).find((e) => e.type === 'patient_notified')).toMatchObject({ data: { via: 'email', kind: 'declined', messageId: email!.id } })
  })
})

describe('the tracking page through the case workflow', () => {
  it('tells the patient their complaint was accepted, answered and closed, and nothing internal', async () => {
    const c = await investigating()
    await insertTimelineEvent(t.ctx.db, { organizationId: a.organization.id, submissionId: (await caseRow(c.caseId)).submissionId, caseId: c.caseId, type: 'internal_note', visibleToPatient: false, body: '内部备注：患者情绪激动', createdAt: clock.now() })
    await done(c.caseId, { type: 'involveDepartments', departmentIds: [a.departments.cardiology.id] })
    await done(c.caseId, { type: 'recordFindings', departmentId: a.departments.cardiology.id, findings: '科室调查意见：空调温控器故障' })
    await done(c.caseId, { type: 'respond', answer: '已更换输液室空调温控器，向您致歉。', via: 'sms' })
    await done(c.caseId, { type: 'close', finding: '结案意见：设备故障', valid: true, attributedDepartmentId: a.departments.cardiology.id, remedy: '整改措施：每日巡查', answer: '已更换温控器并每日巡查，感谢您的反馈。' })

    const page = mainOf((await patient().get(`/t/${c.token}`)).text)
    expect(page).toContain('医院已受理您的投诉')
    expect(page).toContain('医院已答复')
    expect(page).toContain('答复内容：已更换输液室空调温控器，向您致歉。')
    expect(page).toContain('投诉已办结')
    expect(page).toContain('最终答复：已更换温控器并每日巡查，感谢您的反馈。')
    expect(page).toContain('<p class="answer-text">已更换温控器并每日巡查，感谢您的反馈。</p>')
    for (const internal of ['内部备注', '科室调查意见', '结案意见', '整改措施', 'patient_notified', 'investigation_started', 'departments_involved', a.users.patient_service.email, `patient_service ${a.organization.slug}`]) {
      expect(page, internal).not.toContain(internal)
    }
    expect(page).not.toContain('data-answer-due') // answered: the deadline no longer matters
  })

  it('tells the patient their complaint is not accepted and why', async () => {
    const c = await complaint()
    await done(c.caseId, { type: 'decline', reason: '投诉内容已超过受理时效。', via: 'phone' })
    const page = mainOf((await patient().get(`/t/${c.token}`)).text)
    expect(page).toContain('您的投诉不予受理')
    expect(page).toContain('原因：投诉内容已超过受理时效。')
    expect(page).not.toContain('patient_notified')
  })

  it('speaks English to an English browser', async () => {
    const c = await complaint({ locale: 'en' })
    await done(c.caseId, { type: 'decline', reason: 'This is a matter for the courts.', via: 'phone' })
    const page = mainOf((await patient('en').get(`/t/${c.token}`)).text)
    expect(page).toContain('Your complaint was not accepted')
    expect(page).toContain('Reason: This is a matter for the courts.')
  })
})
