import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { hashPassword } from '#app/lib/password.server.ts'
import { performCaseAction } from '#app/services/case-actions.server.ts'
import { recordSubmission, type SubmissionInput } from '#app/services/intake.server.ts'
import { insertMembership } from '#db/queries/memberships.ts'
import { insertUser } from '#db/queries/users.ts'
import { attachments, auditEvents, cases, timelineEvents } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'
import { file, hasTag, mainOf, multipart, PDF_BYTES, pngBytes, uniqueIp } from '#tests/helpers/patient.ts'

const START = new Date('2026-11-16T02:00:00Z') // Monday 10:00 in Shanghai
const HOUR_MS = 3_600_000
const PHONE = '+8613812345678'
const clock = testClock(START)
let t: TestContext
let a: TestHospital
let b: TestHospital
let radiologyHeadEmail: string

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
  radiologyHeadEmail = `radiology.head.${a.organization.slug}@test.huiyin.local`
  const user = await insertUser(t.ctx.db, { email: radiologyHeadEmail, name: '放射科主任', passwordHash: await hashPassword(TEST_PASSWORD) })
  await insertMembership(t.ctx.db, { organizationId: a.organization.id, userId: user.id, role: 'department_head', departmentIds: [a.departments.radiology.id] })
})
afterAll(() => t.close())
beforeEach(() => clock.set(START))

const page = (caseId: string, h: TestHospital = a) => `/app/${h.organization.slug}/cases/${caseId}`

async function signedIn(email: string) {
  const client = new AppClient(t.ctx)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

/** A complaint from the cardiology ward's QR code (cardiology is its first responsible person), with the patient's contact. */
async function complaint(extra: Partial<SubmissionInput> = {}, h: TestHospital = a) {
  const result = await recordSubmission(t.ctx, {
    organizationId: h.organization.id,
    kind: 'complaint',
    channel: 'qr',
    touchpointId: h.touchpoint.id,
    text: '护士态度很差，输液等了两个小时',
    contactName: '张三丰',
    contactPhone: PHONE,
    contactEmail: 'zhangsanfeng@example.com',
    consentToContact: true,
    locale: 'zh-CN',
    ...extra,
  })
  if (!result.ok) throw new Error(result.error)
  return { caseId: result.receipt.caseId!, trackingToken: result.receipt.trackingToken! }
}

/** A complaint from the hospital's web form: patient service receives it. */
const webComplaint = (extra: Partial<SubmissionInput> = {}) => complaint({ channel: 'web', touchpointId: null, text: '放射科检查预约后被取消，没有人通知我', ...extra })

async function done(userId: string, caseId: string, action: unknown) {
  const result = await performCaseAction(t.ctx, { organizationId: a.organization.id, actorUserId: userId }, caseId, action)
  expect(result).toMatchObject({ ok: true })
}

/** Posts one of the page's action forms. */
const act = (client: AppClient, caseId: string, type: string, fields: Record<string, string | string[]> = {}) => client.post(page(caseId), { intent: 'action', type, ...fields })

/** Posts an action form and expects the redirect back to the page with its notice. */
async function actOk(client: AppClient, caseId: string, type: string, fields: Record<string, string | string[]> = {}) {
  const res = await act(client, caseId, type, fields)
  expect(res.status, mainOf(res.text).slice(0, 3000)).toBe(302)
  expect(res.location).toBe(`${page(caseId)}?done=${type}`)
}

async function caseRow(caseId: string) {
  const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, caseId))
  return row!
}
const eventTypes = async (caseId: string) => (await t.ctx.db.select().from(timelineEvents).where(eq(timelineEvents.caseId, caseId)).orderBy(asc(timelineEvents.createdAt), asc(timelineEvents.seq))).map((e) => e.type)
const auditOf = (caseId: string) => t.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'case'), eq(auditEvents.entityId, caseId)))
const ownerShown = (html: string) => html.match(/<span class="owner-name">([^<]*)<\/span>/)?.[1]
/** The HTML of one action form on the page. */
const actionForm = (html: string, type: string) => html.match(new RegExp(`<form[^>]*data-action="${type}"[\\s\\S]*?</form>`))?.[0]
const actionForms = (html: string) => [...html.matchAll(/data-action="(\w+)"/g)].map((m) => m[1])

describe('the staff case page', () => {
  it('shows patient service the case, its owner and the patient’s contact masked', async () => {
    const { caseId } = await complaint()
    const client = await signedIn(a.users.patient_service.email)
    const res = await client.get(page(caseId))
    expect(res.status).toBe(200)
    const main = mainOf(res.text)
    const { number } = await caseRow(caseId)
    expect(main).toContain(number)
    expect(main).toContain('待受理')
    expect(ownerShown(main)).toBe('心血管内科')
    expect(main).toContain('心内科病区')
    expect(main).toContain('护士态度很差，输液等了两个小时')
    expect(main).toContain('138****5678')
    expect(main).toContain('张**')
    expect(main).toContain('z***@example.com')
    // Not in the page, nor in the data the page hydrates from.
    expect(res.text).not.toContain('13812345678')
    expect(res.text).not.toContain('张三丰')
    expect(res.text).not.toContain('zhangsanfeng@')
    expect(main).toContain('name="intent" value="revealContact"')
    expect(main).toContain('data-clock="first_contact"')
    expect(main).toContain('data-clock="answer"')
    expect(main).toContain('data-badge="on_time"')
    expect(main).toContain('剩余 1 个工作日')
    expect(actionForms(main)).toEqual(['accept', 'decline', 'assign', 'setUrgency'])
  })

  it('shows the page in English to staff reading in English', async () => {
    const { caseId } = await complaint()
    const client = new AppClient(t.ctx, { acceptLanguage: 'en' })
    await client.signIn(a.users.patient_service.email, TEST_PASSWORD)
    const main = mainOf((await client.get(page(caseId))).text)
    expect(main).toContain('Accountable owner')
    expect(ownerShown(main)).toBe('Cardiology')
    expect(main).toContain('1 working day left')
    expect(main).toContain('Show contact details')
  })

  it('reveals the full contact to patient service for that response only, with one audit event that does not contain it', async () => {
    const { caseId } = await complaint()
    const client = await signedIn(a.users.patient_service.email)
    await client.get(page(caseId))
    const res = await client.post(page(caseId), { intent: 'revealContact' })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('no-store')
    const main = mainOf(res.text)
    expect(main).toContain('13812345678')
    expect(main).toContain('张三丰')
    expect(main).toContain('zhangsanfeng@example.com')
    expect(main).not.toContain('name="intent" value="revealContact"')

    const audits = await auditOf(caseId)
    expect(audits.map((e) => e.action)).toEqual(['case.contact_revealed'])
    expect(audits[0]).toMatchObject({ actorUserId: a.users.patient_service.id, after: { number: (await caseRow(caseId)).number } })
    const written = JSON.stringify(audits)
    for (const secret of ['13812345678', '张三丰', 'zhangsanfeng']) expect(written).not.toContain(secret)

    const again = await client.get(page(caseId))
    expect(again.text).not.toContain('13812345678')
  })

  it('never offers staff or leadership the reveal, and refuses a forged one without recording anything', async () => {
    const { caseId } = await complaint()
    for (const role of ['staff', 'leadership'] as const) {
      const client = await signedIn(a.users[role].email)
      const res = await client.get(page(caseId))
      expect(res.status, role).toBe(200)
      expect(mainOf(res.text), role).toContain('138****5678')
      expect(mainOf(res.text), role).not.toContain('revealContact')
      const forged = await client.post(page(caseId), { intent: 'revealContact' })
      expect(forged.status, role).toBe(403)
      expect(forged.text).not.toContain('13812345678')
    }
    expect(await auditOf(caseId)).toEqual([])
  })

  it('lets the cardiology head settle a QR complaint from the ward on the spot through the page', async () => {
    const { caseId } = await complaint()
    const head = await signedIn(a.users.department_head.email)
    const res = await head.get(page(caseId))
    expect(res.status).toBe(200)
    expect(actionForms(mainOf(res.text))).toEqual(['resolveOnTheSpot', 'handOver'])
    await actOk(head, caseId, 'resolveOnTheSpot', { whatWasDone: '护士长当面道歉，调整了输液顺序' })
    const after = mainOf((await head.get(`${page(caseId)}?done=resolveOnTheSpot`)).text)
    expect(after).toContain('已完成：当场协调解决。')
    expect(after).toContain('已结案')
    expect(after).toContain('护士长当面道歉，调整了输液顺序')
    expect(actionForms(after)).toEqual([])
    expect(await caseRow(caseId)).toMatchObject({ status: 'closed', resolution: 'on_the_spot' })
  })

  it('hands a QR complaint to patient service from the page, offering no other target, and shows the new owner', async () => {
    const { caseId } = await complaint()
    const head = await signedIn(a.users.department_head.email)
    const form = actionForm(mainOf((await head.get(page(caseId))).text), 'handOver')!
    expect([...form.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual([`department:${a.departments.patientService.id}`])
    await actOk(head, caseId, 'handOver', { to: `department:${a.departments.patientService.id}`, note: '患者要求院方正式答复' })
    const after = mainOf((await head.get(page(caseId))).text)
    expect(ownerShown(after)).toBe('患者服务部')
    expect(after).toContain('data-event="handed_over"')
    expect(after).toContain('心血管内科 → 患者服务部')
    expect(after).toContain('原因：患者要求院方正式答复')
    expect(actionForms(after)).toEqual([])
  })

  it('refuses a forged sideways handover to radiology with the rule’s message, keeps the note typed and changes nothing', async () => {
    const { caseId } = await complaint()
    const before = await caseRow(caseId)
    const head = await signedIn(a.users.department_head.email)
    await head.get(page(caseId))
    const res = await act(head, caseId, 'handOver', { to: `department:${a.departments.radiology.id}`, note: '转给放射科处理' })
    expect(res.status).toBe(400)
    const main = mainOf(res.text)
    expect(main).toContain('按首诉负责制，投诉只能当场解决或转交患者服务部，不能转给其他科室或个人。')
    expect(actionForm(main, 'handOver')).toContain('转给放射科处理</textarea>')
    expect(ownerShown(main)).toBe('心血管内科')
    expect(await caseRow(caseId)).toEqual(before)
    expect(await eventTypes(caseId)).toEqual(['received'])
    expect(await auditOf(caseId)).toEqual([])
  })

  it('does not exist for the cardiology head when patient service involved only radiology, nor in another hospital', async () => {
    const { caseId } = await webComplaint()
    const ps = a.users.patient_service.id
    await done(ps, caseId, { type: 'accept' })
    await done(ps, caseId, { type: 'startInvestigation' })
    await done(ps, caseId, { type: 'involveDepartments', departmentIds: [a.departments.radiology.id] })
    const cardiologyHead = await signedIn(a.users.department_head.email)
    expect((await cardiologyHead.get(page(caseId))).status).toBe(404)
    await cardiologyHead.get(`/app/${a.organization.slug}`)
    expect((await act(cardiologyHead, caseId, 'recordFindings', { departmentId: a.departments.radiology.id, findings: '越权填写' })).status).toBe(404)
    const radiologyHead = await signedIn(radiologyHeadEmail)
    const res = await radiologyHead.get(page(caseId))
    expect(res.status).toBe(200)
    expect(actionForms(mainOf(res.text))).toEqual(['recordFindings'])

    const other = await complaint({}, b)
    const service = await signedIn(a.users.patient_service.email)
    expect((await service.get(page(other.caseId))).status).toBe(404)
    expect((await service.get(`/app/${a.organization.slug}/cases/not-a-case`)).status).toBe(404)
  })

  it('takes a complaint through the page from acceptance to closure, showing findings, owner, met deadlines and the timeline in order', async () => {
    const { caseId } = await complaint()
    const service = await signedIn(a.users.patient_service.email)
    await service.get(page(caseId))
    await actOk(service, caseId, 'accept', { note: '' })
    await actOk(service, caseId, 'startInvestigation', { note: '' })
    const involve = actionForm(mainOf((await service.get(page(caseId))).text), 'involveDepartments')!
    expect(involve).toContain(`value="${a.departments.cardiology.id}"`)
    expect(involve).not.toContain(`value="${a.departments.patientService.id}"`)
    await actOk(service, caseId, 'involveDepartments', { departmentIds: [a.departments.cardiology.id, a.departments.radiology.id] })

    clock.advance(HOUR_MS)
    const head = await signedIn(a.users.department_head.email)
    const headPage = mainOf((await head.get(page(caseId))).text)
    expect(actionForms(headPage)).toEqual(['recordFindings'])
    const findingsForm = actionForm(headPage, 'recordFindings')!
    expect(findingsForm).toContain(`value="${a.departments.cardiology.id}"`)
    expect(findingsForm).not.toContain(`value="${a.departments.radiology.id}"`)
    await actOk(head, caseId, 'recordFindings', { departmentId: a.departments.cardiology.id, findings: '当班护士沟通不当，已批评教育' })
    await actOk(service, caseId, 'recordFindings', { departmentId: a.departments.radiology.id, findings: '放射科流程无异常' })

    clock.advance(HOUR_MS)
    const respondForm = actionForm(mainOf((await service.get(page(caseId))).text), 'respond')!
    expect([...respondForm.matchAll(/name="via" value="(\w+)"/g)].map((m) => m[1])).toEqual(['sms', 'email', 'phone'])
    await actOk(service, caseId, 'respond', { answer: '经核实，护士沟通不当，已批评教育并向您致歉。', via: 'phone' })
    const closeForm = actionForm(mainOf((await service.get(page(caseId))).text), 'close')!
    expect(closeForm).toContain('经核实，护士沟通不当，已批评教育并向您致歉。</textarea>')
    await actOk(service, caseId, 'close', {
      finding: '护士沟通不当属实',
      valid: 'true',
      attributedDepartmentId: a.departments.cardiology.id,
      attributedUserId: '',
      remedy: '科室组织沟通培训',
      answer: '经核实，护士沟通不当，已批评教育并向您致歉。',
    })

    const main = mainOf((await service.get(`${page(caseId)}?done=close`)).text)
    expect(main).toContain('已完成：结案。')
    expect(main).toContain('已结案')
    expect(ownerShown(main)).toBe('患者服务部')
    expect(main).toContain('当班护士沟通不当，已批评教育')
    expect(main).toContain('放射科流程无异常')
    expect(main).not.toContain('data-awaiting-findings')
    expect(main).toContain('<dd data-valid="true">有效投诉</dd>')
    expect(main).toContain('<dd data-attributed-department="true">心血管内科</dd>')
    expect(main).toContain('科室组织沟通培训')
    const badges = [...main.matchAll(/data-clock="(\w+)"[^>]*>[\s\S]*?data-badge="(\w+)"/g)].map((m) => [m[1], m[2]])
    expect(badges).toEqual([
      ['first_contact', 'met'],
      ['answer', 'met'],
      ['findings', 'met'],
      ['findings', 'met'],
    ])
    expect([...main.matchAll(/<li data-event="(\w+)"/g)].map((m) => m[1])).toEqual([
      'received',
      'accepted',
      'owner_changed',
      'investigation_started',
      'departments_involved',
      'findings_recorded',
      'findings_recorded',
      'responded',
      'patient_notified',
      'closed',
    ])
    expect(actionForms(main)).toEqual(['reopen'])
  })

  it('keeps an internal note on the case page and off the patient’s tracking page', async () => {
    const { caseId, trackingToken } = await complaint()
    const service = await signedIn(a.users.patient_service.email)
    await service.get(page(caseId))
    const res = await service.post(page(caseId), { intent: 'addNote', text: '患者情绪激动，回电时请注意语气' })
    expect(res.status).toBe(302)
    expect(res.location).toBe(`${page(caseId)}?done=note`)
    const main = mainOf((await service.get(res.location!)).text)
    expect(main).toContain('内部备注已添加。')
    expect(main).toContain('data-event="internal_note"')
    expect(main).toContain('患者情绪激动，回电时请注意语气')
    expect((await auditOf(caseId)).map((e) => e.action)).toEqual(['case.note_added'])

    const tracking = await new AppClient(t.ctx, { ip: uniqueIp() }).get(`/t/${trackingToken}`)
    expect(tracking.status).toBe(200)
    expect(tracking.text).not.toContain('患者情绪激动')

    const empty = await service.post(page(caseId), { intent: 'addNote', text: '   ' })
    expect(empty.status).toBe(400)
    expect(mainOf(empty.text)).toContain('请填写备注内容。')
  })

  it('marks what the patient added on the tracking page as theirs, with their file', async () => {
    const { caseId, trackingToken } = await complaint()
    const patient = new AppClient(t.ctx, { ip: uniqueIp() })
    await patient.get(`/t/${trackingToken}`)
    const added = await patient.postMultipart(`/t/${trackingToken}`, multipart({ intent: 'addInformation', text: '补充：当天是下午三点左右' }, [file(PDF_BYTES, '缴费单.pdf', 'application/pdf')]))
    expect(added.status).toBe(303)

    const service = await signedIn(a.users.patient_service.email)
    const main = mainOf((await service.get(page(caseId))).text)
    const event = main.match(/<li data-event="patient_added_info"[\s\S]*?<\/li><\/ul><\/li>/)?.[0]
    expect(event).toContain('来自患者')
    expect(event).toContain('补充：当天是下午三点左右')
    const href = event?.match(/href="([^"]+)"/)?.[1]
    expect(href).toMatch(new RegExp(`^${page(caseId)}/attachments/[0-9a-f-]{36}$`))
    const pdf = await service.get(href!)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; /) // a sandboxed page cannot show a PDF: it downloads
  })

  it('shows a refused closure beside the field and keeps everything typed', async () => {
    const { caseId } = await complaint()
    const ps = a.users.patient_service.id
    await done(ps, caseId, { type: 'accept' })
    await done(ps, caseId, { type: 'startInvestigation' })
    await done(ps, caseId, { type: 'respond', answer: '已答复患者', via: 'phone' })
    const service = await signedIn(a.users.patient_service.email)
    await service.get(page(caseId))
    const res = await act(service, caseId, 'close', { finding: '护士沟通不当属实', valid: 'true', attributedDepartmentId: '', attributedUserId: '', remedy: '组织沟通培训', answer: '向您致歉' })
    expect(res.status).toBe(400)
    const form = actionForm(mainOf(res.text), 'close')!
    expect(form).toContain('有效投诉请选择责任科室。')
    expect(form).toContain('请更正以下错误后重试。')
    expect(form).toContain('护士沟通不当属实</textarea>')
    expect(form).toContain('组织沟通培训</textarea>')
    expect(form).toContain('向您致歉</textarea>')
    expect(hasTag(form, 'input', { name: 'valid', value: 'true', checked: '' })).toBe(true)
    expect((await caseRow(caseId)).status).toBe('responded')
  })

  it('serves a submission’s attachment to patient service and to no out-of-scope department head', async () => {
    const png = pngBytes()
    const { caseId } = await webComplaint({ attachments: [{ fileName: '预约短信.png', contentType: 'image/png', content: png }] })
    const [file] = await t.ctx.db.select().from(attachments).innerJoin(cases, eq(cases.submissionId, attachments.submissionId)).where(eq(cases.id, caseId))
    const href = `${page(caseId)}/attachments/${file!.attachments.id}`

    const service = await signedIn(a.users.patient_service.email)
    expect(mainOf((await service.get(page(caseId))).text)).toContain(`href="${href}"`)
    const res = await service.get(href)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-disposition')).toMatch(/^inline; /)
    expect(Buffer.from(res.bytes).equals(png)).toBe(true)

    const head = await signedIn(a.users.department_head.email)
    expect((await head.get(href)).status).toBe(404)
    expect((await service.get(`${page(caseId)}/attachments/${caseId}`)).status).toBe(404)
  })

  it('shows leadership the whole case with no action or note forms, and refuses a forged action', async () => {
    const { caseId } = await webComplaint()
    const leader = await signedIn(a.users.leadership.email)
    const res = await leader.get(page(caseId))
    expect(res.status).toBe(200)
    const main = mainOf(res.text)
    expect(main).toContain('放射科检查预约后被取消')
    expect(actionForms(main)).toEqual([])
    expect(main).not.toContain('name="intent" value="addNote"')
    expect(main).toContain('您的角色只能查看投诉，不能处理。')
    expect((await act(leader, caseId, 'accept')).status).toBe(403)
    expect((await leader.post(page(caseId), { intent: 'addNote', text: '领导批示' })).status).toBe(403)
    expect((await caseRow(caseId)).status).toBe('received')
  })
})
