import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditEvents } from '#db/queries/audit.ts'
import { patientEventImports, patientEvents } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

let t: TestContext
let a: TestHospital
let b: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock: testClock(new Date('2026-03-02T02:00:00Z')) })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

const eventsPage = (h: TestHospital) => `/app/${h.organization.slug}/surveys/events`
const importPage = (h: TestHospital, id: string) => `/app/${h.organization.slug}/surveys/events/imports/${id}`

async function signedIn(email: string) {
  const client = new AppClient(t.ctx)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

function main(html: string) {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'))
}

/** Uploads a file and returns the import id from the redirect. */
async function upload(client: AppClient, h: TestHospital, content: string | Uint8Array<ArrayBuffer>, name = 'discharges.csv') {
  await client.get(eventsPage(h))
  const form = new FormData()
  form.set('csrf', client.csrfToken ?? '')
  form.set('file', new File([content], name, { type: 'text/csv' }))
  const res = await client.postMultipart(eventsPage(h), form)
  expect(res.status, main(res.text).slice(0, 800)).toBe(302)
  const id = res.location?.split('/').pop()
  if (!id) throw new Error('no import id')
  return id
}

/** A file of `n` discharges with unique admission numbers starting at `from`. */
function dischargeFile(n: number, { prefix = 'ZY', badPhoneAt }: { prefix?: string; badPhoneAt?: number } = {}) {
  const lines = ['住院号,姓名,手机号码,出院科室,出院时间']
  for (let i = 1; i <= n; i++) {
    const phone = i === badPhoneAt ? '1381234' : `1381234${String(i).padStart(4, '0')}`
    lines.push(`${prefix}${i},"患者${i}",${phone},${i % 2 ? '心血管内科' : 'Radiology'},2026-03-01 ${String(8 + (i % 10)).padStart(2, '0')}:30`)
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

const countEvents = async (h: TestHospital) => (await t.ctx.db.select().from(patientEvents).where(eq(patientEvents.organizationId, h.organization.id))).length

describe('importing discharges from a CSV file', () => {
  it('uploads, guesses the columns, previews, and imports every row with department, time and phone', async () => {
    const client = await signedIn(a.users.patient_service.email)
    const id = await upload(client, a, dischargeFile(30))
    expect(await countEvents(a)).toBe(0) // nothing stored before the import button

    const page = await client.get(importPage(a, id))
    expect(page.status).toBe(200)
    const html = main(page.text)
    expect(html).toContain('data-preview-rows="20"')
    expect(html).not.toContain('data-row-errors')
    expect(html).toMatch(/<option value="2" selected="">手机号码<\/option>/)

    const res = await client.post(importPage(a, id), { intent: 'import' })
    expect(res.status, main(res.text).slice(0, 800)).toBe(302)
    const done = main((await client.get(importPage(a, id))).text)
    expect(done).toContain('data-imported="30"')
    expect(done).toContain('<progress')

    const rows = await t.ctx.db.select().from(patientEvents).where(and(eq(patientEvents.organizationId, a.organization.id), eq(patientEvents.externalId, 'ZY1')))
    expect(rows[0]).toMatchObject({ type: 'discharge', source: 'csv', importId: id, patientName: '患者1', phone: '+8613812340001', departmentId: a.departments.cardiology.id, locale: 'zh-CN' })
    expect(rows[0]!.occurredAt.toISOString()).toBe('2026-03-01T01:30:00.000Z') // 09:30 in Shanghai
    const zy2 = await t.ctx.db.select().from(patientEvents).where(and(eq(patientEvents.organizationId, a.organization.id), eq(patientEvents.externalId, 'ZY2')))
    expect(zy2[0]!.departmentId).toBe(a.departments.radiology.id)

    const [imp] = await t.ctx.db.select().from(patientEventImports).where(eq(patientEventImports.id, id))
    expect(imp).toMatchObject({ status: 'imported', totalRows: 30, importedRows: 30 })
    const auditRows = await listAuditEvents(t.ctx.db, { organizationId: a.organization.id })
    expect(auditRows.some((e) => e.action === 'patient_events.imported' && e.entityId === id)).toBe(true)

    // The same button pressed again imports nothing more.
    const again = await client.post(importPage(a, id), { intent: 'import' })
    expect(again.status).toBe(409)
    expect(await countEvents(a)).toBe(30)
  })

  it('skips rows already imported as duplicates when the same file comes again', async () => {
    const client = await signedIn(a.users.admin.email)
    const before = await countEvents(a)
    const id = await upload(client, a, dischargeFile(30))
    expect((await client.post(importPage(a, id), { intent: 'import' })).status).toBe(302)
    expect(await countEvents(a)).toBe(before)
    const done = main((await client.get(importPage(a, id))).text)
    expect(done).toContain('data-imported="0"')
    expect(done).toContain('data-duplicates="30"')
  })

  it('lists a bad phone with its row number and refuses to import anything from the file', async () => {
    const client = await signedIn(a.users.patient_service.email)
    const before = await countEvents(a)
    const id = await upload(client, a, dischargeFile(50, { prefix: 'BAD', badPhoneAt: 17 }))
    const html = main((await client.get(importPage(a, id))).text)
    expect(html).toContain('data-row-errors="1"')
    expect(html).toContain('data-error-row="18" data-error-code="phoneInvalid"') // row 17 of data is line 18
    expect(html).toContain('手机号无效')
    expect(html).not.toContain('name="intent" value="import"')

    const res = await client.post(importPage(a, id), { intent: 'import' })
    expect(res.status).toBe(400)
    expect(main(res.text)).toContain('未导入任何记录')
    expect(await countEvents(a)).toBe(before)
  })

  it('lets the importer change a column and shows unknown departments and future times', async () => {
    const client = await signedIn(a.users.patient_service.email)
    const file = 'No,Patient,Mobile,Dept,When\nM1,Li,13900000001,Cardiology,2026-03-01\nM2,Wang,13900000002,Nowhere,2026-03-09 10:00\n'
    const id = await upload(client, a, file)
    let html = main((await client.get(importPage(a, id))).text)
    expect(html).toContain('data-error-code="departmentUnknown"')
    expect(html).toContain('data-error-code="timeFuture"')
    // Not mapping the department and choosing "visit" for the file.
    const saved = await client.post(importPage(a, id), { intent: 'mapping', type: '', externalId: '0', patientName: '1', phone: '2', email: '', department: '', touchpoint: '', occurredAt: '4', language: '', fixedType: 'visit' })
    expect(saved.status).toBe(302)
    html = main((await client.get(importPage(a, id))).text)
    expect(html).not.toContain('data-error-code="departmentUnknown"')
    expect(html).toContain('data-error-code="timeFuture"')
    expect(html).toContain('门诊就诊')
  })

  it('imports a large file (5,000 rows, several insert batches) in one go', async () => {
    const client = await signedIn(a.users.patient_service.email)
    const before = await countEvents(a)
    const id = await upload(client, a, dischargeFile(5000, { prefix: 'BIG' }))
    expect((await client.post(importPage(a, id), { intent: 'import' })).status).toBe(302)
    expect(await countEvents(a)).toBe(before + 5000)
    const done = main((await client.get(importPage(a, id))).text)
    expect(done).toContain('data-imported="5000"')
    expect(done).toMatch(/<progress value="5000" max="5000"/)
    const list = main((await client.get(eventsPage(a))).text)
    expect(list).toContain(`data-import="${id}"`)
    expect(list).not.toContain('13812345000') // contact details masked in the list
  })

  it('reads a GB18030 file saved by Excel', async () => {
    const client = await signedIn(a.users.patient_service.email)
    // "姓名,手机,出院时间\n李四,13900000009,2026-03-01\n" in GB18030.
    const gbk = Uint8Array.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xca, 0xd6, 0xbb, 0xfa, 0x2c, 0xb3, 0xf6, 0xd4, 0xba, 0xca, 0xb1, 0xbc, 0xe4, 0x0a, 0xc0, 0xee, 0xcb, 0xc4, 0x2c, ...new TextEncoder().encode('13900000009,2026-03-01\n')])
    const id = await upload(client, a, gbk, 'gbk.csv')
    const html = main((await client.get(importPage(a, id))).text)
    expect(html).toMatch(/<option value="1" selected="">手机<\/option>/)
    expect(html).not.toContain('data-row-errors')
  })

  it('refuses a file that is not a CSV', async () => {
    const client = await signedIn(a.users.patient_service.email)
    await client.get(eventsPage(a))
    const form = new FormData()
    form.set('csrf', client.csrfToken ?? '')
    form.set('file', new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0])], 'list.xlsx'))
    const res = await client.postMultipart(eventsPage(a), form)
    expect(res.status).toBe(400)
    expect(main(res.text)).toContain('请上传 CSV 文件')
  })

  it("hides one hospital's import from another hospital (404)", async () => {
    const client = await signedIn(a.users.patient_service.email)
    const id = await upload(client, a, dischargeFile(2, { prefix: 'HID' }))
    const other = await signedIn(b.users.patient_service.email)
    expect((await other.get(importPage(b, id))).status).toBe(404)
    expect((await other.post(importPage(b, id), { intent: 'import' })).status).toBe(404)
    expect((await other.get(importPage(a, id))).status).toBe(404)
  })

  it('does not let leadership upload or import (403)', async () => {
    const service = await signedIn(a.users.patient_service.email)
    const id = await upload(service, a, dischargeFile(2, { prefix: 'LEAD' }))
    const leader = await signedIn(a.users.leadership.email)
    expect((await leader.get(eventsPage(a))).status).toBe(403)
    expect((await leader.get(importPage(a, id))).status).toBe(403)
    expect((await leader.post(importPage(a, id), { intent: 'import' })).status).toBe(403)
  })
})
