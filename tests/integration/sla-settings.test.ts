import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addWorkingTime } from '#app/domain/working-calendar.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { loadSlaSettings } from '#app/services/sla-settings.server.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { auditEvents, caseClocks, cases } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

const clock = testClock(new Date('2026-11-16T02:00:00Z')) // Monday 10:00 in Shanghai
let t: TestContext

beforeAll(() => {
  t = createTestContext({ clock })
})
afterAll(() => t.close())

const settingsPath = (h: TestHospital) => `/app/${h.organization.slug}/admin/settings`
const DEFAULT_FORM = {
  intent: 'sla',
  firstContactWorkingDays: '1',
  urgentFirstContactWorkingHours: '2',
  answerWorkingDays: '5',
  multiDepartmentAnswerWorkingDays: '10',
  findingsWorkingDays: '3',
  warnAtPercent: '75',
}

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}
async function storedSla(h: TestHospital) {
  return (await findOrganizationById(t.ctx.db, { organizationId: h.organization.id }))!.slaSettings
}
const slaAudits = (h: TestHospital) =>
  t.ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.organizationId, h.organization.id), eq(auditEvents.action, 'settings.sla_updated')))
const inputValue = (html: string, name: string) => html.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`))?.[1]

async function answerClock(h: TestHospital) {
  const result = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'complaint', channel: 'qr', touchpointId: h.touchpoint.id, text: '候诊时间太长', locale: 'zh-CN' })
  if (!result.ok) throw new Error(result.error)
  const caseId = result.receipt.caseId!
  const [clockRow] = await t.ctx.db
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.kind, 'answer')))
  const [caseRow] = await t.ctx.db.select().from(cases).where(eq(cases.id, caseId))
  return { clock: clockRow!, case: caseRow! }
}

describe('per-hospital SLA settings', () => {
  it('shows the defaults to the admin with a note that running clocks keep their length', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const page = await (await signedIn(h.users.admin.email)).get(settingsPath(h))
    expect(page.status).toBe(200)
    expect(page.text).toContain('处理时限（SLA）')
    expect(page.text).toContain('修改只对保存之后开始计时的环节生效；已经在计时的环节保持原来的时限。')
    expect(inputValue(page.text, 'answerWorkingDays')).toBe('5')
    expect(inputValue(page.text, 'warnAtPercent')).toBe('75')
    expect(page.text).toContain('默认：10')
    // The hospital's other settings are still there, in their own form.
    expect(inputValue(page.text, 'name')).toBe(h.organization.name)
  })

  it('stores only what differs from the defaults, audits before and after, and new complaints get the new answer clock', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const before = await answerClock(h)
    const admin = await signedIn(h.users.admin.email)
    await admin.get(settingsPath(h))
    const res = await admin.post(settingsPath(h), { ...DEFAULT_FORM, urgentFirstContactWorkingHours: '4', answerWorkingDays: '7', multiDepartmentAnswerWorkingDays: '12', warnAtPercent: '80' })
    expect(res.status).toBe(302)
    expect(res.location).toBe(`${settingsPath(h)}?slaSaved=1#sla`)
    expect(await storedSla(h)).toEqual({ urgentFirstContactWorkingHours: 4, answerWorkingDays: 7, multiDepartmentAnswerWorkingDays: 12, warnAtFraction: 0.8 })

    const page = await admin.get(res.location!)
    expect(page.text).toContain('处理时限已保存')
    expect(inputValue(page.text, 'answerWorkingDays')).toBe('7')
    expect(inputValue(page.text, 'warnAtPercent')).toBe('80')

    const [event, ...more] = await slaAudits(h)
    expect(more).toEqual([])
    expect(event).toMatchObject({ actorUserId: h.users.admin.id, entityType: 'organization', entityId: h.organization.id })
    expect(event!.before).toMatchObject({ answerWorkingDays: 5, warnAtFraction: 0.75 })
    expect(event!.after).toMatchObject({ answerWorkingDays: 7, urgentFirstContactWorkingHours: 4, warnAtFraction: 0.8 })

    const after = await answerClock(h)
    expect(after.clock.durationMinutes).toBe(7 * 24 * 60)
    expect(after.case.answerDueAt).toEqual(addWorkingTime(clock.now(), { days: 7 }, 'Asia/Shanghai'))
    // A clock that was already running keeps its length.
    const [stillRunning] = await t.ctx.db.select().from(caseClocks).where(eq(caseClocks.id, before.clock.id))
    expect(stillRunning!.durationMinutes).toBe(5 * 24 * 60)
  })

  it('says nothing changed when the same values are saved, and stores nothing when the defaults come back', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h.users.admin.email)
    await admin.get(settingsPath(h))
    const same = await admin.post(settingsPath(h), DEFAULT_FORM)
    expect(same.location).toBe(`${settingsPath(h)}?slaUnchanged=1#sla`)
    expect(await slaAudits(h)).toEqual([])

    await admin.post(settingsPath(h), { ...DEFAULT_FORM, findingsWorkingDays: '4' })
    expect(await storedSla(h)).toEqual({ findingsWorkingDays: 4 })
    await admin.post(settingsPath(h), DEFAULT_FORM)
    expect(await storedSla(h)).toEqual({})
    expect(await slaAudits(h)).toHaveLength(2)
    expect((await loadSlaSettings(t.ctx, h.organization.id)).isDefault.findingsWorkingDays).toBe(true)
  })

  it('re-renders invalid input with translated errors, keeps what was typed and saves nothing', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h.users.admin.email)
    await admin.get(settingsPath(h))
    const res = await admin.post(settingsPath(h), { ...DEFAULT_FORM, firstContactWorkingDays: '0', answerWorkingDays: '61', findingsWorkingDays: '2.5', warnAtPercent: '100' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('请填写 1 到 60 之间的整数（工作日）。')
    expect(res.text).toContain('请填写 1 到 99 之间的整数（百分比）。')
    expect(inputValue(res.text, 'answerWorkingDays')).toBe('61')
    expect(inputValue(res.text, 'warnAtPercent')).toBe('100')
    expect(inputValue(res.text, 'findingsWorkingDays')).toBe('2.5')

    const shorter = await admin.post(settingsPath(h), { ...DEFAULT_FORM, answerWorkingDays: '8', multiDepartmentAnswerWorkingDays: '6' })
    expect(shorter.status).toBe(400)
    expect(shorter.text).toContain('多科室参与时的答复时限不能短于单科室的答复时限。')

    expect(await storedSla(h)).toEqual({})
    expect(await slaAudits(h)).toEqual([])
  })

  it('explains errors in English to an English-speaking admin', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h.users.admin.email, { acceptLanguage: 'en' })
    await admin.get(settingsPath(h))
    const res = await admin.post(settingsPath(h), { ...DEFAULT_FORM, urgentFirstContactWorkingHours: 'abc', warnAtPercent: '0' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('Enter a whole number of working hours from 1 to 48.')
    expect(res.text).toContain('Enter a whole number from 1 to 99 (percent).')
  })

  it('shows leadership the values and defaults read-only, and refuses their save', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h.users.admin.email)
    await admin.get(settingsPath(h))
    await admin.post(settingsPath(h), { ...DEFAULT_FORM, answerWorkingDays: '6' })

    const leader = await signedIn(h.users.leadership.email)
    const page = await leader.get(settingsPath(h))
    expect(page.status).toBe(200)
    expect(page.text).toContain('您可以查看处理时限，只有系统管理员可以修改。')
    expect(page.text).toMatch(/<tr data-sla-field="answerWorkingDays" data-default="false">.*?<td>6(?:<!-- -->)? <span class="pill">已修改<\/span><\/td><td>5<\/td><\/tr>/)
    expect(page.text).not.toContain('name="answerWorkingDays"')

    const res = await leader.post(settingsPath(h), { ...DEFAULT_FORM, answerWorkingDays: '9' })
    expect(res.status).toBe(403)
    expect(await storedSla(h)).toEqual({ answerWorkingDays: 6 })
  })

  it('is not for department staff at all', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const staff = await signedIn(h.users.patient_service.email)
    expect((await staff.get(settingsPath(h))).status).toBe(403)
    expect((await staff.post(settingsPath(h), { ...DEFAULT_FORM, answerWorkingDays: '9' })).status).toBe(403)
    expect(await storedSla(h)).toEqual({})
  })
})
