import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { performCaseAction } from '#app/services/case-actions.server.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { listAuditEvents } from '#db/queries/audit.ts'
import { cases } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

// Friday 2026-11-20 10:00 in Shanghai: 5 working days end Friday 2026-11-27 10:00.
const clock = testClock(new Date('2026-11-20T02:00:00Z'))
const DUE = '2026-11-27T02:00:00.000Z'
const DUE_AFTER_MONDAY_OFF = '2026-11-30T02:00:00.000Z'

let t: TestContext
let a: TestHospital
let b: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

const calendar = (h: TestHospital, query = '') => `/app/${h.organization.slug}/admin/calendar${query}`

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

/** The rendered page content, without the loader data the hydration script repeats. */
function main(html: string) {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'))
}

/** The table row of a date, or undefined when the page does not list it. */
function row(html: string, date: string) {
  return main(html).match(new RegExp(`<tr[^>]*data-date="${date}"[^>]*>[\\s\\S]*?</tr>`))?.[0]
}

/** The value of the checked "working" radio button, whatever the attribute order. */
function checkedKind(html: string) {
  const inputs = main(html).match(/<input[^>]*type="radio"[^>]*>/g) ?? []
  return inputs.find((i) => i.includes('name="working"') && i.includes('checked=""'))?.match(/value="([^"]*)"/)?.[1]
}

async function openComplaint(h: TestHospital) {
  const result = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'complaint', channel: 'web', text: '周末挂号窗口无人', locale: 'zh-CN' })
  if (!result.ok) throw new Error(result.error)
  return result.receipt.caseId!
}

async function dueOf(caseId: string) {
  const [c] = await t.ctx.db.select({ answerDueAt: cases.answerDueAt }).from(cases).where(eq(cases.id, caseId))
  return c!.answerDueAt.toISOString()
}

async function auditOf(h: TestHospital, action: string) {
  const events = await listAuditEvents(t.ctx.db, { organizationId: h.organization.id, limit: 500 })
  return events.filter((e) => e.action === action)
}

describe('the built-in calendar', () => {
  it('lists 2025’s Spring Festival and National Day holidays and their make-up Sundays', async () => {
    const admin = await signedIn(a.users.admin.email)
    const page = await admin.get(calendar(a, '?year=2025'))
    expect(page.status).toBe(200)
    for (const date of ['2025-01-28', '2025-02-04']) expect(row(page.text, date)).toMatch(/data-source="package" data-working="false"[\s\S]*放假[\s\S]*春节/)
    for (const date of ['2025-10-01', '2025-10-08']) expect(row(page.text, date)).toMatch(/data-source="package" data-working="false"[\s\S]*国庆节/)
    expect(row(page.text, '2025-01-26')).toMatch(/data-working="true"[\s\S]*周日[\s\S]*调休上班[\s\S]*春节[\s\S]*国家规定（内置日历）/)
    expect(row(page.text, '2025-09-28')).toMatch(/data-working="true"[\s\S]*周日[\s\S]*调休上班[\s\S]*国庆节/)
    expect(row(page.text, '2025-03-03')).toBeUndefined()
    expect(page.text).not.toContain('内置日历中还没有')
  })

  it('names the holidays in English for an English reader', async () => {
    const admin = await signedIn(a.users.admin.email, { acceptLanguage: 'en' })
    const page = await admin.get(calendar(a, '?year=2025'))
    expect(row(page.text, '2025-01-29')).toMatch(/Day off[\s\S]*Spring Festival/)
    expect(row(page.text, '2025-09-28')).toMatch(/Sun[\s\S]*Make-up working day[\s\S]*National Day/)
  })

  it('shows the current year in the hospital’s time zone by default, and says so when a year typed is out of range', async () => {
    const admin = await signedIn(a.users.admin.email)
    const current = await admin.get(calendar(a))
    expect(row(current.text, '2026-10-01')).toContain('国庆节')
    expect(row(current.text, '2026-02-28')).toContain('调休上班')

    const invalid = await admin.get(calendar(a, '?year=1999'))
    expect(invalid.status).toBe(200)
    expect(invalid.text).toContain('年份“1999”无效，须为 2000 至 2100 之间的年份。下面显示的是 2026 年。')
    expect(invalid.text).toContain('value="1999"')
    expect(row(invalid.text, '2026-10-01')).toBeDefined()
  })
})

describe('hospital changes to the calendar', () => {
  it('moves open complaints’ answer deadlines when the admin makes a working day a day off, leaves closed ones, and moves them back on restore', async () => {
    const open = await openComplaint(a)
    const closed = await openComplaint(a)
    const settled = await performCaseAction(t.ctx, { organizationId: a.organization.id, actorUserId: a.users.patient_service.id }, closed, { type: 'resolveOnTheSpot', whatWasDone: '当场开放备用窗口并致歉' })
    expect(settled.ok).toBe(true)
    expect(await dueOf(open)).toBe(DUE)

    const admin = await signedIn(a.users.admin.email)
    await admin.get(calendar(a))
    const set = await admin.post(calendar(a), { intent: 'set', date: '2026-11-23', working: 'rest', note: '院庆停诊' })
    expect(set.status, set.text.slice(0, 500)).toBe(302)
    expect(await dueOf(open)).toBe(DUE_AFTER_MONDAY_OFF)
    expect(await dueOf(closed)).toBe(DUE)

    const page = await admin.get(set.location!)
    expect(page.text).toContain('2026-11-23 已保存，1 个未结案件的答复时限已随之调整。')
    expect(row(page.text, '2026-11-23')).toMatch(/data-source="hospital" data-working="false"[\s\S]*放假[\s\S]*院庆停诊[\s\S]*官方日历：上班[\s\S]*本院设置[\s\S]*恢复官方日历/)

    // A complaint received while the day is off is due after it too.
    const later = await openComplaint(a)
    expect(await dueOf(later)).toBe(DUE_AFTER_MONDAY_OFF)

    const reset = await admin.post(calendar(a), { intent: 'reset', date: '2026-11-23' })
    expect(reset.status).toBe(302)
    expect(await dueOf(open)).toBe(DUE)
    expect(await dueOf(later)).toBe(DUE)
    expect(await dueOf(closed)).toBe(DUE)
    const restored = await admin.get(reset.location!)
    expect(restored.text).toContain('2026-11-23 已恢复为官方日历，2 个未结案件的答复时限已随之调整。')
    expect(row(restored.text, '2026-11-23')).toBeUndefined()

    const setEvents = await auditOf(a, 'calendar.day_set')
    expect(setEvents.find((e) => e.entityId === '2026-11-23')).toMatchObject({ entityType: 'calendar_day', actorEmail: a.users.admin.email, before: null, after: { date: '2026-11-23', working: false, note: '院庆停诊' } })
    const resetEvents = await auditOf(a, 'calendar.day_reset')
    expect(resetEvents.find((e) => e.entityId === '2026-11-23')).toMatchObject({ before: { date: '2026-11-23', working: false, note: '院庆停诊' }, after: null })
    const auditPage = await admin.get(`/app/${a.organization.slug}/admin/audit`)
    expect(main(auditPage.text)).toContain('修改工作日历')
    expect(main(auditPage.text)).toContain('恢复官方日历')
  })

  it('notes that 2027 is not in the built-in calendar yet and takes its holidays and make-up days from the admin', async () => {
    const admin = await signedIn(a.users.admin.email)
    const empty = await admin.get(calendar(a, '?year=2027'))
    expect(empty.status).toBe(200)
    expect(empty.text).toContain('内置日历中还没有国务院办公厅 2027 年的节假日安排。')
    expect(empty.text).toContain('2027 年没有节假日、调休或本院设置的日期。')

    const holiday = await admin.post(calendar(a, '?year=2027'), { intent: 'set', date: '2027-02-08', working: 'rest', note: '春节' })
    expect(holiday.location).toContain('year=2027')
    expect((await admin.post(calendar(a, '?year=2027'), { intent: 'set', date: '2027-02-07', working: 'working', note: '春节调休' })).status).toBe(302)

    const page = await admin.get(calendar(a, '?year=2027'))
    expect(page.text).toContain('内置日历中还没有国务院办公厅 2027 年的节假日安排。')
    expect(row(page.text, '2027-02-08')).toMatch(/data-source="hospital" data-working="false"[\s\S]*放假[\s\S]*春节/)
    expect(row(page.text, '2027-02-07')).toMatch(/data-source="hospital" data-working="true"[\s\S]*周日[\s\S]*调休上班[\s\S]*春节调休/)

    const english = await signedIn(a.users.admin.email, { acceptLanguage: 'en' })
    expect((await english.get(calendar(a, '?year=2027'))).text).toContain('The State Council notice for 2027 is not in the built-in calendar yet.')
  })

  it('changes an existing day through the prefilled form, and saving it again unchanged writes nothing', async () => {
    const admin = await signedIn(a.users.admin.email)
    const form = await admin.get(calendar(a, '?year=2027&date=2027-02-08'))
    expect(form.text).toMatch(/name="date"[^>]*value="2027-02-08"|value="2027-02-08"[^>]*name="date"/)
    expect(checkedKind(form.text)).toBe('rest')
    expect(form.text).toContain('value="春节"')

    const before = (await auditOf(a, 'calendar.day_set')).length
    const same = await admin.post(calendar(a), { intent: 'set', date: '2027-02-08', working: 'rest', note: '春节' })
    expect(same.location).toContain('unchanged=2027-02-08')
    expect((await auditOf(a, 'calendar.day_set')).length).toBe(before)

    const changed = await admin.post(calendar(a), { intent: 'set', date: '2027-02-08', working: 'rest', note: '春节假期' })
    expect(changed.status).toBe(302)
    expect(row((await admin.get(changed.location!)).text, '2027-02-08')).toContain('春节假期')
  })

  it('says what is wrong with a bad date, a missing choice or a long note, keeping what was typed', async () => {
    const admin = await signedIn(a.users.admin.email)
    await admin.get(calendar(a))
    const badDate = await admin.post(calendar(a), { intent: 'set', date: '2026-02-30', working: 'rest', note: '院庆' })
    expect(badDate.status).toBe(400)
    expect(badDate.text).toContain('请更正以下错误后重试。')
    expect(badDate.text).toContain('请输入有效日期，格式为年-月-日（如 2027-02-08）。')
    expect(badDate.text).toContain('value="2026-02-30"')
    expect(badDate.text).toContain('value="院庆"')
    expect(checkedKind(badDate.text)).toBe('rest')

    const farYear = await admin.post(calendar(a), { intent: 'set', date: '2101-01-01', working: 'rest', note: '' })
    expect(farYear.status).toBe(400)
    expect(farYear.text).toContain('年份须在 2000 至 2100 之间。')

    const noChoice = await admin.post(calendar(a), { intent: 'set', date: '2026-12-24', note: '平安夜' })
    expect(noChoice.status).toBe(400)
    expect(noChoice.text).toContain('请选择这一天上班还是休息。')
    expect(noChoice.text).toContain('value="平安夜"')

    const longNote = await admin.post(calendar(a), { intent: 'set', date: '2026-12-24', working: 'rest', note: '停'.repeat(51) })
    expect(longNote.status).toBe(400)
    expect(longNote.text).toContain('不能超过 50 个字符')

    const nothingToRestore = await admin.post(calendar(a), { intent: 'reset', date: '2026-12-24' })
    expect(nothingToRestore.status).toBe(400)
    expect(nothingToRestore.text).toContain('2026-12-24 没有本院设置，无需恢复。')
    expect(row((await admin.get(calendar(a))).text, '2026-12-24')).toBeUndefined()
  })
})

describe('who may see and change the calendar', () => {
  it('lets leadership and patient service read the calendar without forms, and refuses their changes', async () => {
    for (const role of ['leadership', 'patient_service'] as const) {
      const client = await signedIn(a.users[role].email)
      const page = await client.get(calendar(a, '?year=2025'))
      expect(page.status, role).toBe(200)
      expect(row(page.text, '2025-10-01'), role).toContain('国庆节')
      expect(main(page.text), role).not.toContain('method="post"')
      expect(page.text).toContain('只有系统管理员可以修改工作日历。')
      const post = await client.post(calendar(a), { intent: 'set', date: '2026-12-31', working: 'rest', note: '' })
      expect(post.status, role).toBe(403)
    }
    for (const role of ['department_head', 'staff'] as const) {
      const client = await signedIn(a.users[role].email)
      expect((await client.get(calendar(a))).status, role).toBe(403)
    }
    const admin = await signedIn(a.users.admin.email)
    expect(row((await admin.get(calendar(a))).text, '2026-12-31')).toBeUndefined()
  })

  it('moves a clock by its own length: a case with two departments keeps its 10 working days', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const caseId = await openComplaint(h)
    const act = (action: Parameters<typeof performCaseAction>[3]) => performCaseAction(t.ctx, { organizationId: h.organization.id, actorUserId: h.users.patient_service.id }, caseId, action)
    for (const action of [{ type: 'accept' }, { type: 'startInvestigation' }, { type: 'involveDepartments', departmentIds: [h.departments.cardiology.id, h.departments.radiology.id] }] as const) {
      expect((await act(action)).ok, action.type).toBe(true)
    }
    expect(await dueOf(caseId)).toBe('2026-12-04T02:00:00.000Z') // Friday 11-20 10:00 + 10 working days

    const admin = await signedIn(h.users.admin.email)
    await admin.get(calendar(h))
    expect((await admin.post(calendar(h), { intent: 'set', date: '2026-11-25', working: 'rest', note: '停电检修' })).status).toBe(302)
    expect(await dueOf(caseId)).toBe('2026-12-07T02:00:00.000Z')
  })

  it('never applies one hospital’s calendar changes to another hospital', async () => {
    const ours = await openComplaint(a)
    const theirs = await openComplaint(b)
    const otherAdmin = await signedIn(b.users.admin.email)
    await otherAdmin.get(calendar(b))
    expect((await otherAdmin.post(calendar(b), { intent: 'set', date: '2026-11-24', working: 'rest', note: '本院停诊' })).status).toBe(302)

    expect(await dueOf(theirs)).toBe(DUE_AFTER_MONDAY_OFF)
    expect(await dueOf(ours)).toBe(DUE)
    expect(await dueOf(await openComplaint(a))).toBe(DUE)

    const admin = await signedIn(a.users.admin.email)
    expect(row((await admin.get(calendar(a))).text, '2026-11-24')).toBeUndefined()
    const reset = await admin.post(calendar(a), { intent: 'reset', date: '2026-11-24' })
    expect(reset.status).toBe(400)
    expect(row((await otherAdmin.get(calendar(b))).text, '2026-11-24')).toContain('本院停诊')
    expect((await auditOf(a, 'calendar.day_set')).some((e) => e.entityId === '2026-11-24')).toBe(false)
  })
})
