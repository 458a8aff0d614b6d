import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPublicCode } from '#app/lib/public-code.server.ts'
import { performCaseAction } from '#app/services/case-actions.server.ts'
import { recordSubmission, type SubmissionInput } from '#app/services/intake.server.ts'
import { insertDepartment } from '#db/queries/departments.ts'
import { insertTouchpoint } from '#db/queries/touchpoints.ts'
import { auditEvents, cases } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

const START = new Date('2026-11-16T02:00:00Z') // Monday 10:00 in Shanghai
const HOUR = 3_600_000
const clock = testClock(START)
let t: TestContext
let a: TestHospital
let b: TestHospital

/** The cases of hospital a, by what the tests call them; values are case numbers. */
const n = {} as Record<'qrNurse' | 'webParking' | 'radiology' | 'involved' | 'formula' | 'closed' | 'ward', string>
const id = {} as Record<keyof typeof n, string>

async function complaint(key: keyof typeof n, at: number, input: Partial<SubmissionInput>) {
  clock.set(new Date(START.getTime() + at * HOUR))
  const result = await recordSubmission(t.ctx, { organizationId: a.organization.id, kind: 'complaint', channel: 'web', text: '', locale: 'zh-CN', ...input })
  if (!result.ok) throw new Error(result.error)
  id[key] = result.receipt.caseId!
  n[key] = result.receipt.number!
}

async function act(userId: string, caseId: string, action: unknown) {
  const result = await performCaseAction(t.ctx, { organizationId: a.organization.id, actorUserId: userId }, caseId, action)
  expect(result).toMatchObject({ ok: true })
}

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
  const org = a.organization.id
  const radiologyDesk = await insertTouchpoint(t.ctx.db, { organizationId: org, departmentId: a.departments.radiology.id, name: '放射科登记台', publicCode: newPublicCode(8) })
  const ward = await insertDepartment(t.ctx.db, { organizationId: org, name: '心内科一病区', nameEn: 'Cardiology ward 1', type: 'clinical', parentId: a.departments.cardiology.id })
  const wardDesk = await insertTouchpoint(t.ctx.db, { organizationId: org, departmentId: ward.id, name: '一病区护士站', publicCode: newPublicCode(8) })
  const ps = a.users.patient_service.id

  await complaint('qrNurse', 0, {
    channel: 'qr',
    touchpointId: a.touchpoint.id,
    text: '护士态度很差，输液等了很久\n第二天也一样',
    category: 'service_attitude',
    contactPhone: '+8613800001234',
  })
  await complaint('webParking', 1, { text: 'The Parking fee was charged twice', category: 'parking', contactPhone: '+8613900005678', locale: 'en' })
  await act(ps, id.webParking, { type: 'setUrgency', urgent: true })
  await complaint('radiology', 2, { channel: 'qr', touchpointId: radiologyDesk.id, text: '放射科检查排队时间太长' })
  await act(ps, id.radiology, { type: 'assign', to: { kind: 'user', userId: ps } })
  await complaint('involved', 3, { text: '要求退还 100% 的检查费', category: 'costs' })
  await act(ps, id.involved, { type: 'accept' })
  await act(ps, id.involved, { type: 'startInvestigation' })
  await act(ps, id.involved, { type: 'involveDepartments', departmentIds: [a.departments.cardiology.id] })
  await complaint('formula', 4, {
    channel: 'qr',
    touchpointId: a.touchpoint.id,
    text: '=HYPERLINK("http://evil.example")，说"等会儿", 然后\n没人来',
    category: 'costs',
    contactEmail: 'patient@example.com',
  })
  await complaint('closed', 5, { channel: 'qr', touchpointId: a.touchpoint.id, text: '病房空调太冷' })
  await act(a.users.staff.id, id.closed, { type: 'resolveOnTheSpot', whatWasDone: '已调高温度' })
  await complaint('ward', 6, { channel: 'qr', touchpointId: wardDesk.id, text: '病区夜间太吵，护工不理睬' })
  // Monday 17:00: nothing overdue yet except the urgent case's two-hour first contact.
  clock.set(new Date(START.getTime() + 7 * HOUR))
})
afterAll(() => t.close())

const listPath = (query = '') => `/app/${a.organization.slug}/cases${query ? `?${query}` : ''}`

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

/** The rendered page content, without the loader data the hydration script repeats. */
function main(html: string) {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'))
}

/** Case numbers on the list, in the order shown. */
async function numbersOn(client: AppClient, query = '') {
  const res = await client.get(listPath(query))
  expect(res.status, main(res.text).slice(0, 1500)).toBe(200)
  return [...main(res.text).matchAll(/data-case-number="([^"]+)"/g)].map((m) => m[1])
}
const sorted = (numbers: (string | undefined)[]) => [...numbers].sort()
const numbersOf = (...keys: (keyof typeof n)[]) => sorted(keys.map((k) => n[k]))

describe('case list visibility', () => {
  it('shows patient service every case of the hospital', async () => {
    const service = await signedIn(a.users.patient_service.email)
    expect(sorted(await numbersOn(service))).toEqual(numbersOf('qrNurse', 'webParking', 'radiology', 'involved', 'formula', 'closed', 'ward'))
  })

  it('shows a department head only their department’s cases, sub-departments and involvement included', async () => {
    const head = await signedIn(a.users.department_head.email)
    expect(sorted(await numbersOn(head))).toEqual(numbersOf('qrNurse', 'involved', 'formula', 'closed', 'ward'))
  })

  it('lets leadership view the list but not assign (403 on the bulk POST)', async () => {
    const leader = await signedIn(a.users.leadership.email)
    expect(await numbersOn(leader)).toHaveLength(7)
    const page = await leader.get(listPath())
    expect(main(page.text)).not.toContain('data-bulk-assign')
    const res = await leader.post(listPath(), { caseId: id.qrNurse, assignTo: 'queue' })
    expect(res.status).toBe(403)
  })

  it('does not exist for another hospital’s staff (404), list and export alike', async () => {
    const outsider = await signedIn(b.users.patient_service.email)
    expect((await outsider.get(listPath())).status).toBe(404)
    expect((await outsider.get(`/app/${a.organization.slug}/cases/export.csv`)).status).toBe(404)
  })

  it('links each case to its page, never shows the patient’s phone, and marks the urgent case', async () => {
    const service = await signedIn(a.users.patient_service.email)
    const html = main((await service.get(listPath())).text)
    expect(html).toContain(`href="/app/${a.organization.slug}/cases/${id.qrNurse}"`)
    expect(html).not.toContain('13800001234')
    expect(html).not.toContain('138****1234')
    expect(html).not.toContain('patient@example.com')
    expect(html).toContain('护士态度很差，输液等了很久')
    expect(html).not.toContain('第二天也一样')
    const urgentRow = html.slice(html.indexOf(`data-case-number="${n.webParking}"`)).split('</tr>')[0]!
    expect(urgentRow).toContain('data-urgent')
    expect(urgentRow).toContain('停车')
    expect(urgentRow).toContain('网站')
    // Urgent first contact was due at 13:00; it is 17:00 now.
    expect(urgentRow).toContain('data-sla="overdue"')
  })
})

describe('case list filters', () => {
  let service: AppClient
  beforeAll(async () => {
    service = await signedIn(a.users.patient_service.email)
  })

  it('filters by one or several statuses', async () => {
    expect(await numbersOn(service, 'status=closed')).toEqual([n.closed])
    expect(sorted(await numbersOn(service, 'status=investigating&status=closed'))).toEqual(numbersOf('involved', 'closed'))
  })

  it('filters by department: first responsible, owner or involved, sub-departments included', async () => {
    expect(sorted(await numbersOn(service, `department=${a.departments.cardiology.id}`))).toEqual(numbersOf('qrNurse', 'involved', 'formula', 'closed', 'ward'))
    expect(await numbersOn(service, `department=${a.departments.radiology.id}`)).toEqual([n.radiology])
    expect(sorted(await numbersOn(service, `department=${a.departments.patientService.id}`))).toEqual(numbersOf('webParking', 'radiology', 'involved'))
  })

  it('filters by owner, "me" included', async () => {
    expect(await numbersOn(service, 'owner=me')).toEqual([n.radiology])
    const admin = await signedIn(a.users.admin.email)
    expect(await numbersOn(admin, `owner=${a.users.patient_service.id}`)).toEqual([n.radiology])
    expect(await numbersOn(admin, 'owner=me')).toEqual([])
  })

  it('filters by category, channel and urgency', async () => {
    expect(sorted(await numbersOn(service, 'category=costs'))).toEqual(numbersOf('involved', 'formula'))
    expect(sorted(await numbersOn(service, 'channel=web'))).toEqual(numbersOf('webParking', 'involved'))
    expect(await numbersOn(service, 'urgent=yes')).toEqual([n.webParking])
    expect(await numbersOn(service, 'channel=web&category=costs')).toEqual([n.involved])
  })

  it('filters by the local date a case was opened (a board’s month links here)', async () => {
    const all = sorted(await numbersOn(service))
    // Every case was opened on Monday 16 November between 10:00 and 16:00 Shanghai time.
    expect(sorted(await numbersOn(service, 'from=2026-11-16&until=2026-11-16'))).toEqual(all)
    expect(sorted(await numbersOn(service, 'from=2026-11-01&until=2026-11-30'))).toEqual(all)
    expect(await numbersOn(service, 'from=2026-11-17')).toEqual([])
    expect(await numbersOn(service, 'until=2026-11-15')).toEqual([])
    const html = main((await service.get(listPath('from=2026-13-01'))).text)
    expect(html).toContain('起始日期“2026-13-01”无效，已忽略')
  })

  it('finds overdue cases and cases due within 24 hours by the injected clock', async () => {
    const now = clock.now()
    try {
      // Tuesday 10:30: the first contact of the 10:00 case is overdue; those due 12:00–16:00 are due soon.
      clock.set(new Date(START.getTime() + 24.5 * HOUR))
      expect(sorted(await numbersOn(service, 'overdue=yes'))).toEqual(numbersOf('qrNurse', 'webParking'))
      expect(sorted(await numbersOn(service, 'dueSoon=yes'))).toEqual(numbersOf('radiology', 'formula', 'ward'))
      const html = main((await service.get(listPath('dueSoon=yes'))).text)
      expect(html).toContain('data-sla="due_soon"')
    } finally {
      clock.set(now)
    }
  })

  it('searches Chinese text, English words (all must match), case numbers and the phone’s last four digits', async () => {
    expect(await numbersOn(service, `q=${encodeURIComponent('护士')}`)).toEqual([n.qrNurse])
    expect(await numbersOn(service, 'q=parking')).toEqual([n.webParking])
    expect(await numbersOn(service, 'q=PARKING+twice')).toEqual([n.webParking])
    expect(await numbersOn(service, 'q=parking+never')).toEqual([])
    expect(await numbersOn(service, `q=${n.radiology.toLowerCase()}`)).toEqual([n.radiology])
    expect(await numbersOn(service, `q=${n.radiology.slice(0, 3)}`)).toHaveLength(7)
    expect(await numbersOn(service, 'q=1234')).toEqual([n.qrNurse])
    expect(await numbersOn(service, 'q=5678')).toEqual([n.webParking])
  })

  it('takes % and _ in a search literally', async () => {
    expect(await numbersOn(service, `q=${encodeURIComponent('100%')}`)).toEqual([n.involved])
    expect(await numbersOn(service, `q=${encodeURIComponent('%')}`)).toEqual([n.involved])
    expect(await numbersOn(service, 'q=_')).toEqual([])
  })

  it('sorts by the earliest running deadline, cases with none last, or newest first', async () => {
    expect(await numbersOn(service)).toEqual([n.webParking, n.qrNurse, n.radiology, n.formula, n.ward, n.involved, n.closed])
    expect(await numbersOn(service, 'sort=newest')).toEqual([n.ward, n.closed, n.formula, n.involved, n.radiology, n.webParking, n.qrNurse])
  })

  it('ignores invalid filter values with a translated message instead of failing', async () => {
    const res = await service.get(listPath('status=bogus&department=nope&channel=fax&status=closed'))
    expect(res.status).toBe(200)
    const html = main(res.text)
    expect(html).toContain('已忽略无法识别的状态“bogus”')
    expect(html).toContain('已忽略无效的科室筛选条件')
    expect(html).toContain('已忽略无法识别的来源渠道“fax”')
    expect([...html.matchAll(/data-case-number="([^"]+)"/g)].map((m) => m[1])).toEqual([n.closed])
    const other = await service.get(listPath(`department=${b.departments.cardiology.id}`))
    expect(main(other.text)).toContain('已忽略无效的科室筛选条件')
    expect(main(other.text).match(/data-case-number=/g)).toHaveLength(7)
  })

  it('keeps the filters in the page links and shows an empty state', async () => {
    const html = main((await service.get(listPath('q=nothing-matches-this'))).text)
    expect(html).toContain('data-empty')
    expect(html).toContain('没有符合筛选条件的投诉')
    const page = main((await service.get(listPath('status=received&sort=newest'))).text)
    expect(page).toContain(`/app/${a.organization.slug}/cases/export.csv?status=received&amp;sort=newest`)
  })
})

describe('case list pages', () => {
  it('shows 50 cases a page and keeps the filters in the page links', async () => {
    const now = clock.now()
    for (let i = 0; i < 52; i++) {
      const result = await recordSubmission(t.ctx, { organizationId: b.organization.id, kind: 'complaint', channel: 'web', text: `候诊区座位不够 ${i}`, locale: 'zh-CN' })
      expect(result.ok).toBe(true)
    }
    clock.set(now)
    const service = await signedIn(b.users.patient_service.email)
    const base = `/app/${b.organization.slug}/cases`
    const first = main((await service.get(`${base}?q=${encodeURIComponent('座位')}&sort=newest`)).text)
    expect(first.match(/data-case-number=/g)).toHaveLength(50)
    expect(first).toContain('共 52 件')
    const next = first
      .match(/<a[^>]*rel="next"[^>]*>/)?.[0]
      .match(/href="([^"]+)"/)?.[1]
      ?.replace(/&amp;/g, '&')
    expect(next).toBe(`${base}?q=${encodeURIComponent('座位')}&sort=newest&page=2`)
    const second = main((await service.get(next!)).text)
    expect(second.match(/data-case-number=/g)).toHaveLength(2)
    expect(second).toContain('rel="prev"')
    expect(second).not.toContain('rel="next"')
  })
})

describe('case list export', () => {
  it('exports the department head’s own cases as CSV with BOM, header, quoting and the formula guard, without contact details', async () => {
    const head = await signedIn(a.users.department_head.email)
    const res = await head.get(`/app/${a.organization.slug}/cases/export.csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="cases-20261116.csv"')
    expect([...res.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = res.text.replace(/^\uFEFF/, '')
    const [header] = text.split('\r\n')
    expect(header).toBe('编号,状态,问题类别,来源渠道,收到时间,首诉科室,负责人,紧急,答复期限,时限状态,投诉内容')
    for (const k of ['qrNurse', 'involved', 'formula', 'closed', 'ward'] as const) expect(text).toContain(n[k])
    expect(text).not.toContain(n.webParking)
    expect(text).not.toContain(n.radiology)
    expect(text).toContain(`${n.formula},待受理,费用,扫码,2026-11-16 14:00,心血管内科,心血管内科,否,`)
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")，说""等会儿"", 然后\n没人来"`)
    expect(text).toContain('护士态度很差，输液等了很久\n第二天也一样')
    expect(text).not.toMatch(/13800001234|\+86|patient@example\.com/)
    const [event] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, a.organization.id), eq(auditEvents.action, 'cases.exported'), eq(auditEvents.actorUserId, a.users.department_head.id)))
    expect(event?.after).toEqual({ filters: { sort: 'deadline' }, rowCount: 5 })
  })

  it('exports with the same filters as the list, headed in the reader’s language', async () => {
    const leader = await signedIn(a.users.leadership.email, { acceptLanguage: 'en' })
    const res = await leader.get(`/app/${a.organization.slug}/cases/export.csv?category=parking&status=bogus`)
    expect(res.status).toBe(200)
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('Number,Status,Category,Channel,Received at,First responsible department,Owner,Urgent,Answer due at,Deadline status,Complaint')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(new RegExp(`^${n.webParking},Awaiting acceptance,Parking,Website,2026-11-16 11:00,Patient`))
    expect(lines[1]).toContain(',Yes,')
    expect(lines[1]).toContain(',Overdue,The Parking fee was charged twice')
  })

  it('is refused to staff, who may view but not export', async () => {
    const staff = await signedIn(a.users.staff.email)
    expect((await staff.get(listPath())).status).toBe(200)
    expect((await staff.get(`/app/${a.organization.slug}/cases/export.csv`)).status).toBe(403)
  })
})

describe('bulk assignment', () => {
  it('assigns the cases it may and reports, per case number, the one refused, keeping the filters', async () => {
    const service = await signedIn(a.users.patient_service.email)
    await service.get(listPath())
    const res = await service.post(listPath('sort=newest&page=1'), { caseId: [id.qrNurse, id.closed], assignTo: a.users.patient_service.id, note: '请跟进' })
    expect(res.status, main(res.text).slice(0, 1500)).toBe(302)
    const location = new URL(res.location!, 'http://localhost')
    expect(location.pathname).toBe(`/app/${a.organization.slug}/cases`)
    expect(location.searchParams.get('sort')).toBe('newest')
    expect(location.searchParams.get('assigned')).toBe(n.qrNurse)
    expect(location.searchParams.get('refused')).toBe(`${n.closed}:notAllowedInStatus`)

    const [assigned] = await t.ctx.db.select().from(cases).where(eq(cases.id, id.qrNurse))
    expect(assigned).toMatchObject({ ownerUserId: a.users.patient_service.id, ownerDepartmentId: a.departments.patientService.id })
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id.qrNurse), eq(auditEvents.action, 'case.assign')))
    expect(audits).toHaveLength(1)

    const html = main((await service.get(location.pathname + location.search)).text)
    expect(html).toContain(`已指派 1 件：${n.qrNurse}`)
    expect(html).toContain(`${n.closed}：投诉当前的状态不允许这项操作`)
    expect(sorted(await numbersOn(service, 'owner=me'))).toEqual(numbersOf('qrNurse', 'radiology'))
  })

  it('returns a case to the patient-service queue', async () => {
    const admin = await signedIn(a.users.admin.email)
    await admin.get(listPath())
    const res = await admin.post(listPath(), { caseId: id.radiology, assignTo: 'queue' })
    expect(res.status).toBe(302)
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, id.radiology))
    expect(row).toMatchObject({ ownerUserId: null, ownerDepartmentId: a.departments.patientService.id })
  })

  it('asks for a case and an assignee, keeping what was chosen', async () => {
    const service = await signedIn(a.users.patient_service.email)
    await service.get(listPath())
    const none = await service.post(listPath(), { assignTo: 'queue' })
    expect(none.status).toBe(400)
    expect(main(none.text)).toContain('请至少勾选一件投诉。')
    const nobody = await service.post(listPath(), { caseId: id.formula, assignTo: '' })
    expect(nobody.status).toBe(400)
    expect(main(nobody.text)).toContain('请选择要指派给谁。')
    const box = main(nobody.text).match(new RegExp(`<input[^>]*value="${id.formula}"[^>]*>`))?.[0]
    expect(box).toContain('checked=""')
  })
})
