import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { addWorkingTime } from '#app/domain/working-calendar.ts'
import { performCaseAction } from '#app/services/case-actions.server.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { insertMembership } from '#db/queries/memberships.ts'
import { insertUser } from '#db/queries/users.ts'
import { auditEvents, caseClocks, caseDepartments, cases, timelineEvents } from '#db/schema/index.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'

const START = new Date('2026-11-16T02:00:00Z') // Monday 10:00 in Shanghai
const DAY_MS = 24 * 3_600_000
const clock = testClock(START)
let t: TestContext
let a: TestHospital
let b: TestHospital
let radiologyHeadId: string

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
  const user = await insertUser(t.ctx.db, { email: `radiology.head.${a.organization.slug}@test.huiyin.local`, name: '放射科主任', passwordHash: 'x' })
  await insertMembership(t.ctx.db, { organizationId: a.organization.id, userId: user.id, role: 'department_head', departmentIds: [a.departments.radiology.id] })
  radiologyHeadId = user.id
})
afterAll(() => t.close())
beforeEach(() => clock.set(START))

/** A QR complaint from the cardiology ward's touchpoint: cardiology is its first responsible person. */
async function qrComplaint(h: TestHospital = a) {
  const result = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'complaint', channel: 'qr', touchpointId: h.touchpoint.id, text: '护士态度很差', locale: 'zh-CN' })
  if (!result.ok) throw new Error(result.error)
  return result.receipt.caseId!
}

const act = (userId: string, caseId: string, action: unknown) => performCaseAction(t.ctx, { organizationId: a.organization.id, actorUserId: userId }, caseId, action)
async function done(userId: string, caseId: string, action: unknown) {
  const result = await act(userId, caseId, action)
  expect(result).toMatchObject({ ok: true })
}

async function caseRow(caseId: string) {
  const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, caseId))
  return row!
}
const clocksOf = (caseId: string) => t.ctx.db.select().from(caseClocks).where(eq(caseClocks.caseId, caseId))
const clockOf = async (caseId: string, kind: 'first_contact' | 'answer') => (await clocksOf(caseId)).find((c) => c.kind === kind)!
const eventsOf = (caseId: string) => t.ctx.db.select().from(timelineEvents).where(eq(timelineEvents.caseId, caseId)).orderBy(asc(timelineEvents.createdAt), asc(timelineEvents.seq))
const auditOf = (caseId: string) => t.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'case'), eq(auditEvents.entityId, caseId)))
const toPatientService = () => ({ kind: 'department', departmentId: a.departments.patientService.id })

describe('case actions', () => {
  it('starts the first-contact and answer clocks when a complaint case is created', async () => {
    const id = await qrComplaint()
    const clocks = await clocksOf(id)
    expect(clocks.map((c) => c.kind).sort()).toEqual(['answer', 'first_contact'])
    expect((await clockOf(id, 'first_contact')).dueAt).toEqual(addWorkingTime(START, { days: 1 }, 'Asia/Shanghai'))
    expect((await clockOf(id, 'answer')).dueAt).toEqual((await caseRow(id)).answerDueAt)
  })

  it('lets the cardiology staff member hand a QR complaint to patient service, recording who, why and from/to', async () => {
    const id = await qrComplaint()
    await done(a.users.staff.id, id, { type: 'handOver', to: toPatientService(), note: '患者要求院方正式答复' })
    const row = await caseRow(id)
    expect(row).toMatchObject({ status: 'received', ownerDepartmentId: a.departments.patientService.id, ownerUserId: null, firstResponsibleDepartmentId: a.departments.cardiology.id })
    const handover = (await eventsOf(id)).find((e) => e.type === 'handed_over')!
    expect(handover).toMatchObject({ actorUserId: a.users.staff.id, visibleToPatient: false, body: '患者要求院方正式答复' })
    expect(handover.data).toEqual({
      from: { departmentId: a.departments.cardiology.id, userId: null },
      to: { departmentId: a.departments.patientService.id, userId: null },
      reason: '患者要求院方正式答复',
      via: 'handOver',
    })
    expect((await auditOf(id)).map((e) => e.action)).toEqual(['case.handOver'])
  })

  it('hands a complaint to a named patient-service colleague, whose role is looked up', async () => {
    const id = await qrComplaint()
    await done(a.users.staff.id, id, { type: 'handOver', to: { kind: 'user', userId: a.users.patient_service.id }, note: '请王老师跟进' })
    expect(await caseRow(id)).toMatchObject({ ownerDepartmentId: a.departments.patientService.id, ownerUserId: a.users.patient_service.id })
  })

  it('refuses handing a complaint to a colleague in another department', async () => {
    const id = await qrComplaint()
    const result = await act(a.users.staff.id, id, { type: 'handOver', to: { kind: 'user', userId: a.users.department_head.id }, note: '请主任处理' })
    expect(result).toEqual({ ok: false, error: 'cases:errors.handoverSideways', field: 'to' })
  })

  it('refuses involving another hospital’s department', async () => {
    const id = await qrComplaint()
    await done(a.users.patient_service.id, id, { type: 'accept' })
    await done(a.users.patient_service.id, id, { type: 'startInvestigation' })
    const result = await act(a.users.patient_service.id, id, { type: 'involveDepartments', departmentIds: [b.departments.cardiology.id] })
    expect(result).toEqual({ ok: false, error: 'cases:errors.departmentNotFound', field: 'departmentIds' })
    expect(await t.ctx.db.select().from(caseDepartments).where(eq(caseDepartments.caseId, id))).toEqual([])
  })

  it('refuses handing a complaint sideways to radiology and changes nothing', async () => {
    const id = await qrComplaint()
    const before = await caseRow(id)
    const result = await act(a.users.staff.id, id, { type: 'handOver', to: { kind: 'department', departmentId: a.departments.radiology.id }, note: '转给放射科' })
    expect(result).toEqual({ ok: false, error: 'cases:errors.handoverSideways', field: 'to' })
    expect(await caseRow(id)).toEqual(before)
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['received'])
    expect(await auditOf(id)).toEqual([])
  })

  it('closes a complaint resolved on the spot and stops its clocks', async () => {
    const id = await qrComplaint()
    clock.advance(3_600_000)
    await done(a.users.staff.id, id, { type: 'resolveOnTheSpot', whatWasDone: '护士长当面道歉并调整了输液顺序' })
    const row = await caseRow(id)
    expect(row).toMatchObject({ status: 'closed', resolution: 'on_the_spot', resolutionNote: '护士长当面道歉并调整了输液顺序', closedAt: clock.now() })
    for (const c of await clocksOf(id)) expect(c.stoppedAt).toEqual(clock.now())
    expect((await eventsOf(id)).find((e) => e.type === 'resolved_on_the_spot')).toMatchObject({ visibleToPatient: true })
  })

  it('takes a complaint from acceptance through two departments’ findings to the answer and closure', async () => {
    const id = await qrComplaint()
    const ps = a.users.patient_service.id
    await done(ps, id, { type: 'accept' })
    expect(await caseRow(id)).toMatchObject({ status: 'accepted', ownerDepartmentId: a.departments.patientService.id })
    expect((await clockOf(id, 'first_contact')).stoppedAt).toEqual(START)
    expect((await clockOf(id, 'answer')).stoppedAt).toBeNull()

    await done(ps, id, { type: 'startInvestigation' })
    await done(ps, id, { type: 'involveDepartments', departmentIds: [a.departments.cardiology.id, a.departments.radiology.id] })
    const tenDays = addWorkingTime(START, { days: 10 }, 'Asia/Shanghai')
    expect((await clockOf(id, 'answer')).dueAt).toEqual(tenDays)
    expect((await caseRow(id)).answerDueAt).toEqual(tenDays)
    expect((await clocksOf(id)).filter((c) => c.kind === 'findings')).toHaveLength(2)

    const cardiologyFindings = { type: 'recordFindings', departmentId: a.departments.cardiology.id, findings: '当班护士沟通不当，已批评教育' }
    expect(await act(radiologyHeadId, id, cardiologyFindings)).toEqual({ ok: false, error: 'cases:errors.notYourDepartment', field: 'departmentId' })
    clock.advance(DAY_MS)
    await done(a.users.department_head.id, id, cardiologyFindings)
    await done(radiologyHeadId, id, { type: 'recordFindings', departmentId: a.departments.radiology.id, findings: '检查流程无异常' })
    const involved = await t.ctx.db.select().from(caseDepartments).where(eq(caseDepartments.caseId, id))
    expect(involved.map((d) => [d.departmentId, d.findingsByUserId]).sort()).toEqual(
      [
        [a.departments.cardiology.id, a.users.department_head.id],
        [a.departments.radiology.id, radiologyHeadId],
      ].sort(),
    )
    for (const c of (await clocksOf(id)).filter((c) => c.kind === 'findings')) expect(c.stoppedAt).not.toBeNull()

    await done(ps, id, { type: 'respond', answer: '经调查，护士沟通不当，我们已整改，向您致歉。', via: 'phone' })
    expect(await caseRow(id)).toMatchObject({ status: 'responded', answer: '经调查，护士沟通不当，我们已整改，向您致歉。', answeredAt: clock.now() })
    expect((await clockOf(id, 'answer')).stoppedAt).toEqual(clock.now())

    await done(ps, id, {
      type: 'close',
      finding: '护士沟通不当',
      valid: true,
      attributedDepartmentId: a.departments.cardiology.id,
      remedy: '科室组织沟通培训',
      answer: '经调查，护士沟通不当，我们已整改，向您致歉。',
    })
    expect(await caseRow(id)).toMatchObject({ status: 'closed', resolution: 'handled', finding: '护士沟通不当', valid: true, attributedDepartmentId: a.departments.cardiology.id, remedy: '科室组织沟通培训' })
    for (const c of await clocksOf(id)) expect(c.stoppedAt).not.toBeNull()

    const visible = (await eventsOf(id)).filter((e) => e.visibleToPatient)
    expect(visible.map((e) => e.type)).toEqual(['received', 'accepted', 'responded', 'closed'])
    expect(visible.find((e) => e.type === 'responded')!.body).toBe('经调查，护士沟通不当，我们已整改，向您致歉。')
    expect((await auditOf(id)).map((e) => e.action).sort()).toEqual(
      ['case.accept', 'case.close', 'case.involveDepartments', 'case.recordFindings', 'case.recordFindings', 'case.respond', 'case.startInvestigation'].sort(),
    )
  })

  it('pauses the clocks on hold and moves the answer due date by the working time spent on hold', async () => {
    const id = await qrComplaint()
    const ps = a.users.patient_service.id
    await done(ps, id, { type: 'accept' })
    const due = (await caseRow(id)).answerDueAt
    await done(ps, id, { type: 'hold', reason: '等待患者提供缴费单据' })
    expect(await caseRow(id)).toMatchObject({ status: 'on_hold', heldFrom: 'accepted', answerDueAt: due })
    expect(await clockOf(id, 'answer')).toMatchObject({ pausedAt: START, dueAt: null })
    clock.advance(DAY_MS) // Tuesday 10:00: one working day on hold
    await done(ps, id, { type: 'resume' })
    const row = await caseRow(id)
    expect(row).toMatchObject({ status: 'accepted', heldFrom: null })
    expect(row.answerDueAt.getTime() - due.getTime()).toBe(DAY_MS)
    expect((await clockOf(id, 'answer')).pausedMinutes).toBe(24 * 60)
  })

  it('refuses leadership, which may only read cases', async () => {
    const id = await qrComplaint()
    expect(await act(a.users.leadership.id, id, { type: 'accept' })).toEqual({ ok: false, error: 'cases:errors.readOnly' })
    expect((await caseRow(id)).status).toBe('received')
  })

  it('treats another hospital’s case as not found', async () => {
    const other = await qrComplaint(b)
    expect(await act(a.users.patient_service.id, other, { type: 'accept' })).toMatchObject({ ok: false, error: 'cases:errors.caseNotFound', notFound: true })
    expect((await caseRow(other)).status).toBe('received')
  })

  it('refuses an illegal transition with its message key', async () => {
    const id = await qrComplaint()
    expect(await act(a.users.patient_service.id, id, { type: 'respond', answer: '答复', via: 'phone' })).toEqual({ ok: false, error: 'cases:errors.notAllowedInStatus' })
  })

  it('refuses a decline without a reason, naming the field', async () => {
    const id = await qrComplaint()
    expect(await act(a.users.patient_service.id, id, { type: 'decline', reason: '  ', via: 'phone' })).toEqual({ ok: false, error: 'cases:errors.declineReasonRequired', field: 'reason' })
  })
})
