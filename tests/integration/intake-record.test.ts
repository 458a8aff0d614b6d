import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addWorkingTime } from '#app/domain/working-calendar.ts'
import { hashToken } from '#app/lib/tokens.server.ts'
import { recordSubmission, type SubmissionInput } from '#app/services/intake.server.ts'
import { cases, outboundMessages, submissions, timelineEvents, trackingLinks } from '#db/schema/index.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'

const clock = testClock(new Date('2026-11-20T03:00:00Z')) // Friday 11:00 in Shanghai
let t: TestContext
let a: TestHospital
let b: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

const complaint = (h: TestHospital, extra: Partial<SubmissionInput> = {}): SubmissionInput => ({
  organizationId: h.organization.id,
  kind: 'complaint',
  channel: 'web',
  text: '候诊两个小时没有人解释原因',
  locale: 'zh-CN',
  ...extra,
})

async function recorded(input: SubmissionInput) {
  const result = await recordSubmission(t.ctx, input)
  if (!result.ok) throw new Error(result.error)
  return result.receipt
}

async function caseOf(caseId: string | null) {
  const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, caseId!))
  return row!
}

describe('recording a submission', () => {
  it('opens a QR complaint as a received case owned by the touchpoint department, due in 5 working days', async () => {
    const receipt = await recorded(complaint(a, { channel: 'qr', touchpointId: a.touchpoint.id, category: 'process_waiting' }))
    expect(receipt.number).toMatch(/^HY-202611-\d{5}$/)
    const row = await caseOf(receipt.caseId)
    expect(row).toMatchObject({ status: 'received', number: receipt.number, firstResponsibleDepartmentId: a.departments.cardiology.id, ownerDepartmentId: a.departments.cardiology.id, firstResponsibleUserId: null, category: 'process_waiting' })
    // Friday 20 Nov 11:00 → Mon 23, Tue 24, Wed 25, Thu 26, Fri 27 at 11:00 Shanghai
    expect(row.answerDueAt.toISOString()).toBe('2026-11-27T03:00:00.000Z')
    expect(row.answerDueAt).toEqual(addWorkingTime(clock.now(), { days: 5 }, 'Asia/Shanghai'))
    const [sub] = await t.ctx.db.select().from(submissions).where(eq(submissions.id, receipt.submissionId))
    expect(sub).toMatchObject({ departmentId: a.departments.cardiology.id, touchpointId: a.touchpoint.id, channel: 'qr' })
  })

  it('routes web complaints to the patient-service department', async () => {
    const receipt = await recorded(complaint(a))
    expect((await caseOf(receipt.caseId)).firstResponsibleDepartmentId).toBe(a.departments.patientService.id)
  })

  it('makes the staff user who entered a complaint its first responsible person', async () => {
    const receipt = await recorded(complaint(a, { channel: 'phone', enteredByUserId: a.users.staff.id }))
    expect(await caseOf(receipt.caseId)).toMatchObject({ firstResponsibleUserId: a.users.staff.id, ownerUserId: a.users.staff.id, firstResponsibleDepartmentId: null })
  })

  it('keeps the tracking token only as a hash and shows the event on the patient timeline', async () => {
    const receipt = await recorded(complaint(a))
    expect(receipt.trackingUrl).toBe(`${t.ctx.config.publicUrl}/t/${receipt.trackingToken}`)
    expect(receipt.trackingToken!.length).toBeGreaterThanOrEqual(43)
    const links = await t.ctx.db.select().from(trackingLinks).where(eq(trackingLinks.submissionId, receipt.submissionId))
    expect(links.map((l) => l.tokenHash)).toEqual([hashToken(receipt.trackingToken!)])
    const events = await t.ctx.db.select().from(timelineEvents).where(eq(timelineEvents.submissionId, receipt.submissionId))
    expect(events).toMatchObject([{ type: 'received', visibleToPatient: true, caseId: receipt.caseId }])
  })

  it('numbers cases per hospital without gaps or repeats, even when submitted at the same moment', async () => {
    const before = await recorded(complaint(b))
    const burst = await Promise.all(Array.from({ length: 12 }, () => recorded(complaint(b, { kind: 'suggestion' }))))
    const seqs = [before, ...burst].map((r) => Number(r.number!.slice(-5))).sort((x, y) => x - y)
    expect(seqs).toEqual(Array.from({ length: 13 }, (_, i) => seqs[0]! + i))
    // Hospital A's sequence is its own.
    const nextA = await recorded(complaint(a))
    expect(Number(nextA.number!.slice(-5))).toBeLessThan(seqs[0]! + 13)
  })

  it('starts a new sequence in a new month of the hospital calendar', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    clock.set(new Date('2026-11-30T15:00:00Z')) // 23:00 on 30 Nov in Shanghai
    expect((await recorded(complaint(h))).number).toBe('HY-202611-00001')
    clock.set(new Date('2026-11-30T16:30:00Z')) // 00:30 on 1 Dec in Shanghai
    expect((await recorded(complaint(h))).number).toBe('HY-202612-00001')
    clock.set(new Date('2026-11-20T03:00:00Z'))
  })

  it('gives quick ratings no number, case or tracking link', async () => {
    const result = await recordSubmission(t.ctx, { organizationId: a.organization.id, kind: 'rating', channel: 'qr', text: '', rating: 4, touchpointId: a.touchpoint.id, locale: 'zh-CN' })
    expect(result).toMatchObject({ ok: true, receipt: { number: null, caseId: null, trackingToken: null } })
  })

  it('opens a case only for complaints', async () => {
    for (const kind of ['suggestion', 'praise', 'inquiry'] as const) {
      const receipt = await recorded(complaint(a, { kind }))
      expect(receipt.caseId, kind).toBeNull()
      expect(receipt.number, kind).toMatch(/^HY-/)
    }
  })

  it('queues the receipt by SMS and email in the patient’s language when contact details are given', async () => {
    const receipt = await recorded(complaint(a, { contactPhone: '+8613812345678', contactEmail: 'li@example.cn', locale: 'en' }))
    const sent = await t.ctx.db
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.organizationId, a.organization.id), eq(outboundMessages.template, 'receipt')))
    const mine = sent.filter((m) => m.text.includes(receipt.number!))
    expect(mine.map((m) => m.channel).sort()).toEqual(['email', 'sms'])
    const sms = mine.find((m) => m.channel === 'sms')!
    expect(sms.recipient).toBe('+8613812345678')
    expect(sms.text).toContain(receipt.trackingUrl!)
    expect(sms.text).toMatch(/Answer by/)
    expect(mine.find((m) => m.channel === 'email')!.subject).toContain(receipt.number!)
  })

  it('sends no receipt when the patient left no contact, and no SMS receipt for SMS intake', async () => {
    const anonymous = await recorded(complaint(a))
    const bySms = await recorded(complaint(a, { channel: 'sms', contactPhone: '+8613900001111', skipReceiptSms: true }))
    const rows = await t.ctx.db.select().from(outboundMessages).where(eq(outboundMessages.organizationId, a.organization.id))
    expect(rows.filter((m) => m.text.includes(anonymous.number!) || m.text.includes(bySms.number!))).toEqual([])
  })

  it('refuses another hospital’s touchpoint and stores nothing', async () => {
    const count = async () => (await t.ctx.db.select({ id: submissions.id }).from(submissions).where(eq(submissions.organizationId, a.organization.id))).length
    const before = await count()
    expect(await recordSubmission(t.ctx, complaint(a, { channel: 'qr', touchpointId: b.touchpoint.id }))).toEqual({ ok: false, error: 'touchpointNotFound' })
    expect(await recordSubmission(t.ctx, complaint(a, { departmentId: b.departments.cardiology.id }))).toEqual({ ok: false, error: 'departmentNotFound' })
    expect(await count()).toBe(before)
  })
})
