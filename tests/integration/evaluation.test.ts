import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveBoardSettings } from '#app/services/board-settings.server.ts'
import { closeMonth, evaluationPage, reopenMonth, type EvaluationContent } from '#app/services/evaluation.server.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { auditEvents, boardRollups, boardRollupsDirty, cases, evaluationSnapshots, NO_KEY, submissions } from '#db/schema/index.ts'
import { closeMonthlyEvaluationsJob } from '#workers/jobs/close-monthly-evaluations.ts'
import type { WorkerDeps } from '#workers/jobs/types.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

const MONTH = '2026-03'
const clock = testClock(new Date('2026-04-10T02:00:00Z'))
let t: TestContext
let h: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  h = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

type Figures = Partial<typeof boardRollups.$inferInsert>

/** The month's rollups, written directly (the rollup worker is another part's): each department's own row. */
async function setRollups(h: TestHospital, month: string, byDepartment: Record<string, Figures>) {
  const periodStart = `${month}-01`
  await t.ctx.db.delete(boardRollups).where(and(eq(boardRollups.organizationId, h.organization.id), eq(boardRollups.period, 'month'), eq(boardRollups.periodStart, periodStart)))
  const rows = Object.entries(byDepartment).map(([departmentKey, figures]) => ({ organizationId: h.organization.id, period: 'month' as const, periodStart, departmentKey, touchpointKey: NO_KEY, ...figures }))
  if (rows.length) await t.ctx.db.insert(boardRollups).values(rows)
}

/** A complaint case opened at `at`, then judged as the findings would: valid or not, attributed. */
async function complaintCase(at: Date, judged: { valid: boolean; departmentId?: string; userId?: string }) {
  clock.set(at)
  try {
    const recorded = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'complaint', channel: 'qr', touchpointId: h.touchpoint.id, text: '考评测试投诉', locale: 'zh-CN' })
    if (!recorded.ok) throw new Error(recorded.error)
    const [row] = await t.ctx.db
      .update(cases)
      .set({ valid: judged.valid, attributedDepartmentId: judged.departmentId ?? null, attributedUserId: judged.userId ?? null })
      .where(eq(cases.id, recorded.receipt.caseId!))
      .returning({ number: cases.number })
    // Figures here come from the rollups this file writes; no rollup worker may redo them from raw rows.
    await t.ctx.db.delete(boardRollupsDirty).where(eq(boardRollupsDirty.organizationId, h.organization.id))
    return row!.number
  } finally {
    clock.set(new Date('2026-04-10T02:00:00Z'))
  }
}

async function praise(userId: string, times: number, at = new Date('2026-03-20T03:00:00Z')) {
  const rows = Array.from({ length: times }, () => ({ organizationId: h.organization.id, kind: 'praise' as const, channel: 'web' as const, text: '', locale: 'zh-CN' as const, praisedUserId: userId, receivedAt: at }))
  await t.ctx.db.insert(submissions).values(rows)
}

const rankOf = (content: EvaluationContent, departmentId: string) => content.departments.find((d) => d.departmentId === departmentId)!.rank
const preview = () => evaluationPage(t.ctx, { organizationId: h.organization.id, month: MONTH })
const percentForm = (satisfaction: string, complaintRate: string, onTime: string) => ({ satisfaction, complaintRate, onTime, minResponses: '10' })

describe('monthly evaluation', () => {
  it('ranks every active department by the composite score, and changing the weights changes the ranks', async () => {
    const { cardiology, radiology, patientService } = h.departments
    await setRollups(h, MONTH, {
      [cardiology.id]: { responses: 10, ratingSum: 45, ratingCount: 10, answeredOnTime: 3, answeredLate: 1 },
      [radiology.id]: { responses: 10, ratingSum: 35, ratingCount: 10, answeredOnTime: 4 },
    })
    const page = await preview()
    expect(page.status).toBe('preview')
    expect(page.content.weights).toEqual({ satisfaction: 0.6, complaintRate: 0.2, onTime: 0.2 })
    const cardio = page.content.departments.find((d) => d.departmentId === cardiology.id)!
    expect(cardio.figures.satisfaction).toBe(90)
    expect(cardio.composite).toBe(0.6 * 90 + 0.2 * 100 + 0.2 * 75)
    // Patient service has no figures of its own: the hospital's satisfaction (80) and on-time share (7/8) stand in.
    const ps = page.content.departments.find((d) => d.departmentId === patientService.id)!
    expect(ps.fromHospitalAverage).toEqual(['satisfaction', 'onTime'])
    expect(ps.composite).toBe(0.6 * 80 + 0.2 * 100 + 0.2 * 87.5)
    expect([rankOf(page.content, cardiology.id), rankOf(page.content, patientService.id), rankOf(page.content, radiology.id)]).toEqual([1, 2, 3])
    expect(page.content.departments.map((d) => d.rank)).toEqual([1, 2, 3])

    const saved = await saveBoardSettings(t.ctx, { organizationId: h.organization.id, actorUserId: h.users.admin.id }, percentForm('20', '20', '60'))
    expect(saved).toEqual({ ok: true, changed: true })
    const reweighted = await preview()
    expect(reweighted.content.weights).toEqual({ satisfaction: 0.2, complaintRate: 0.2, onTime: 0.6 })
    expect([rankOf(reweighted.content, radiology.id), rankOf(reweighted.content, patientService.id), rankOf(reweighted.content, cardiology.id)]).toEqual([1, 2, 3])

    const refused = await saveBoardSettings(t.ctx, { organizationId: h.organization.id, actorUserId: h.users.admin.id }, percentForm('50', '20', '20'))
    expect(refused).toEqual({ ok: false, errors: { sum: 'evaluation:errors.weightSum' } })
    await saveBoardSettings(t.ctx, { organizationId: h.organization.id, actorUserId: h.users.admin.id }, percentForm('60', '20', '20'))
    const [audited] = await t.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, h.organization.id), eq(auditEvents.action, 'settings.boards_updated'))).limit(1)
    expect(audited).toBeDefined()
  })

  it('vetoes a department and a person with a valid complaint attributed in the month, and makes the most praised others service stars', async () => {
    const { cardiology, radiology } = h.departments
    const vetoing = await complaintCase(new Date('2026-03-15T02:00:00Z'), { valid: true, departmentId: cardiology.id, userId: h.users.staff.id })
    await complaintCase(new Date('2026-03-16T02:00:00Z'), { valid: false, departmentId: radiology.id })
    // 1 April 00:30 in Shanghai is already April: not this month's veto.
    await complaintCase(new Date('2026-03-31T16:30:00Z'), { valid: true, departmentId: radiology.id })
    await praise(h.users.staff.id, 5)
    await praise(h.users.department_head.id, 3)
    await praise(h.users.patient_service.id, 2)
    await praise(h.users.admin.id, 2)
    await praise(h.users.leadership.id, 1)
    await praise(h.users.leadership.id, 9, new Date('2026-04-02T03:00:00Z'))

    const { content } = await preview()
    const byId = new Map(content.departments.map((d) => [d.departmentId, d]))
    expect(byId.get(cardiology.id)!.vetoCaseNumbers).toEqual([vetoing])
    expect(byId.get(radiology.id)!.vetoCaseNumbers).toEqual([])
    // Places shared by equal praise; within a place by name ("admin …" before "patient_service …").
    expect(content.stars.map((s) => [s.userId, s.rank, s.praise])).toEqual([
      [h.users.department_head.id, 1, 3],
      [h.users.admin.id, 2, 2],
      [h.users.patient_service.id, 2, 2],
    ])
    expect(content.vetoedStars).toEqual([expect.objectContaining({ userId: h.users.staff.id, praise: 5, caseNumbers: [vetoing] })])
  })

  it('freezes the month at close: later changes to rollups and cases leave the page unchanged until it is re-opened and closed again', async () => {
    const { cardiology, radiology } = h.departments
    expect(await closeMonth(t.ctx, { organizationId: h.organization.id, month: '2026-04', actorUserId: h.users.admin.id })).toEqual({ ok: false, error: 'evaluation:errors.monthNotOver' })

    const first = await closeMonth(t.ctx, { organizationId: h.organization.id, month: MONTH, actorUserId: h.users.admin.id })
    expect(first).toMatchObject({ ok: true, created: true })
    expect(await closeMonth(t.ctx, { organizationId: h.organization.id, month: MONTH, actorUserId: h.users.admin.id })).toEqual({ ...first, created: false })
    const frozen = await preview()
    expect(frozen.status).toBe('closed')
    expect(frozen.frozenAt).toEqual(clock.now())

    await setRollups(h, MONTH, { [radiology.id]: { responses: 10, ratingSum: 50, ratingCount: 10, answeredOnTime: 4 } })
    const laterVeto = await complaintCase(new Date('2026-03-20T02:00:00Z'), { valid: true, departmentId: radiology.id })
    await saveBoardSettings(t.ctx, { organizationId: h.organization.id, actorUserId: h.users.admin.id }, percentForm('34', '33', '33'))
    const after = await preview()
    expect(after.content).toEqual(frozen.content)

    expect(await reopenMonth(t.ctx, { organizationId: h.organization.id, month: MONTH, actorUserId: h.users.admin.id, reason: '投诉有效性复核后更正' })).toEqual({ ok: true })
    expect(await reopenMonth(t.ctx, { organizationId: h.organization.id, month: MONTH, actorUserId: h.users.admin.id, reason: '再次' })).toEqual({ ok: false, error: 'evaluation:errors.notClosed' })
    const reopened = await preview()
    expect(reopened.status).toBe('preview')
    expect(reopened.reopened).toEqual([expect.objectContaining({ reason: '投诉有效性复核后更正' })])
    const [audit] = await t.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, h.organization.id), eq(auditEvents.action, 'evaluation.reopened')))
    expect(audit).toMatchObject({ actorUserId: h.users.admin.id, entityType: 'evaluation_snapshot', after: { month: MONTH, status: 'reopened', reason: '投诉有效性复核后更正' } })

    // Two admins pressing "close" at once: one snapshot.
    clock.advance(60_000)
    const results = await Promise.all([1, 2, 3].map(() => closeMonth(t.ctx, { organizationId: h.organization.id, month: MONTH, actorUserId: h.users.admin.id })))
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1)
    const standing = await t.ctx.db.select().from(evaluationSnapshots).where(and(eq(evaluationSnapshots.organizationId, h.organization.id), eq(evaluationSnapshots.month, `${MONTH}-01`)))
    expect(standing.map((s) => s.status).sort()).toEqual(['closed', 'reopened'])

    const refrozen = await preview()
    expect(refrozen.status).toBe('closed')
    expect(refrozen.content.weights).toEqual({ satisfaction: 0.34, complaintRate: 0.33, onTime: 0.33 })
    expect(refrozen.content.departments.find((d) => d.departmentId === radiology.id)!.figures.satisfaction).toBe(100)
    expect(refrozen.content.departments.find((d) => d.departmentId === radiology.id)!.vetoCaseNumbers).toEqual([laterVeto])
    expect(refrozen.content.departments.find((d) => d.departmentId === cardiology.id)!.figures.satisfaction).toBeNull()
    await saveBoardSettings(t.ctx, { organizationId: h.organization.id, actorUserId: h.users.admin.id }, percentForm('60', '20', '20'))
  })

  it('closes each hospital’s last month once, from the scheduled job, when its local date reaches the 1st', async () => {
    const other = await createHospitalWithStaff(t.ctx)
    const snapshotsOf = () => t.ctx.db.select().from(evaluationSnapshots).where(eq(evaluationSnapshots.organizationId, other.organization.id))
    const deps = { ctx: t.ctx } as WorkerDeps
    // 30 April 23:30 in Shanghai: April is not over.
    clock.set(new Date('2026-04-30T15:30:00Z'))
    await closeMonthlyEvaluationsJob.handle(deps, {}, { final: true })
    expect((await snapshotsOf()).map((s) => s.month)).toEqual(['2026-03-01'])
    // 1 May 00:30 in Shanghai: April closes, by the system.
    clock.set(new Date('2026-04-30T16:30:00Z'))
    await closeMonthlyEvaluationsJob.handle(deps, {}, { final: true })
    await closeMonthlyEvaluationsJob.handle(deps, {}, { final: true })
    const snapshots = await snapshotsOf()
    expect(snapshots.map((s) => s.month).sort()).toEqual(['2026-03-01', '2026-04-01'])
    expect(snapshots.find((s) => s.month === '2026-04-01')).toMatchObject({ status: 'closed', frozenByUserId: null })
    clock.set(new Date('2026-04-10T02:00:00Z'))
  })
})

describe('evaluation pages', () => {
  const base = () => `/app/${h.organization.slug}/evaluation`
  async function signedIn(role: keyof TestHospital['users'], acceptLanguage?: string) {
    const client = new AppClient(t.ctx, acceptLanguage ? { acceptLanguage } : {})
    await client.signIn(h.users[role].email, TEST_PASSWORD)
    return client
  }

  it('sends the reader to the last full month and shows the ranking, vetoes, stars and the weights used', async () => {
    const leadership = await signedIn('leadership')
    const res = await leadership.get(base())
    expect(res.status).toBe(302)
    expect(res.location).toBe(`${base()}/${MONTH}`)
    const page = await leadership.get(`${base()}/${MONTH}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('data-evaluation-status="closed"')
    expect(page.text).toContain(`data-department="${h.departments.cardiology.id}"`)
    expect(page.text).toContain('data-vetoed="yes"')
    expect(page.text).toContain(`data-star="${h.users.department_head.id}"`)
    // The weights the snapshot was closed with, not today's.
    expect(page.text).toContain('满意度 34%')
    expect(page.text).not.toContain('name="intent" value="close"')
    expect((await leadership.get(`${base()}/2026-13`)).status).toBe(404)
  })

  it('lets leadership comment per department (audited) and refuses an empty comment in the reader’s language', async () => {
    const leadership = await signedIn('leadership', 'en')
    await leadership.get(`${base()}/${MONTH}`)
    const empty = await leadership.post(`${base()}/${MONTH}`, { intent: 'comment', departmentId: h.departments.radiology.id, text: '  ' })
    expect(empty.status).toBe(400)
    expect(empty.text).toContain('Write a comment.')
    const ok = await leadership.post(`${base()}/${MONTH}`, { intent: 'comment', departmentId: h.departments.radiology.id, text: 'Keep the waiting times down.' })
    expect(ok.status).toBe(303)
    const page = await leadership.get(`${base()}/${MONTH}`)
    expect(page.text).toContain('Keep the waiting times down.')
    const admin = await signedIn('admin')
    await admin.get(`${base()}/${MONTH}`)
    expect((await admin.post(`${base()}/${MONTH}`, { intent: 'comment', departmentId: h.departments.radiology.id, text: '管理员不能评语' })).status).toBe(403)
  })

  it('lets the admin re-open with a reason and close again from the page, without JavaScript', async () => {
    const admin = await signedIn('admin')
    await admin.get(`${base()}/${MONTH}`)
    const noReason = await admin.post(`${base()}/${MONTH}`, { intent: 'reopen', reason: '' })
    expect(noReason.status).toBe(400)
    expect(noReason.text).toContain('请填写重新开放的原因。')
    const reopened = await admin.post(`${base()}/${MONTH}`, { intent: 'reopen', reason: '复核' })
    expect(reopened.status).toBe(303)
    const page = await admin.get(`${base()}/${MONTH}`)
    expect(page.text).toContain('data-evaluation-status="preview"')
    expect(page.text).toContain('name="intent" value="close"')
    const closed = await admin.post(`${base()}/${MONTH}`, { intent: 'close' })
    expect(closed.status).toBe(303)
    expect(closed.location).toContain('closed=1')
    const leadership = await signedIn('leadership')
    await leadership.get(`${base()}/${MONTH}`)
    expect((await leadership.post(`${base()}/${MONTH}`, { intent: 'close' })).status).toBe(403)
  })

  it('saves the board settings from the admin form and shows errors in the reader’s language', async () => {
    const admin = await signedIn('admin', 'en')
    const path = `/app/${h.organization.slug}/admin/boards`
    expect((await admin.get(path)).status).toBe(200)
    const bad = await admin.post(path, { satisfaction: '70', complaintRate: '20', onTime: '20', minResponses: '10' })
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('The three weights must add up to 100.')
    const good = await admin.post(path, { satisfaction: '60', complaintRate: '20', onTime: '20', minResponses: '5', publicBoard: 'on' })
    expect(good.status).toBe(303)
    const page = await admin.get(path)
    expect(page.text).toMatch(/name="minResponses"[^>]*value="5"/)
    const leadership = await signedIn('leadership')
    expect((await leadership.get(path)).status).toBe(200)
    expect((await leadership.post(path, { satisfaction: '60', complaintRate: '20', onTime: '20', minResponses: '5' })).status).toBe(403)
  })
})
