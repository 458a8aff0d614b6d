import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertAuditEvent } from '#db/queries/audit.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

let t: TestContext
let a: TestHospital
let b: TestHospital

beforeAll(async () => {
  t = createTestContext()
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)

  // Real changes through the pages, so the log shows what the product actually records.
  const admin = new AppClient(t.ctx)
  await admin.signIn(a.users.admin.email, TEST_PASSWORD)
  const base = `/app/${a.organization.slug}/admin`
  await admin.get(`${base}/departments`)
  expect((await admin.post(`${base}/departments`, { name: '眼科', nameEn: '', type: 'clinical' })).status).toBe(302)
  const edited = await admin.post(`${base}/touchpoints/${a.touchpoint.id}`, { intent: 'save', name: '心内科病区护士站', nameEn: 'Cardiology nurses’ station', departmentId: a.departments.radiology.id, active: 'on' })
  expect(edited.status).toBe(302)
  expect((await admin.post(`${base}/settings`, { name: a.organization.name, nameEn: a.organization.nameEn ?? '', timeZone: 'Asia/Shanghai', defaultLocale: 'en' })).status).toBe(302)

  const bAdmin = new AppClient(t.ctx)
  await bAdmin.signIn(b.users.admin.email, TEST_PASSWORD)
  await bAdmin.get(`/app/${b.organization.slug}/admin/departments`)
  expect((await bAdmin.post(`/app/${b.organization.slug}/admin/departments`, { name: 'B院机密科室', type: 'clinical' })).status).toBe(302)
})
afterAll(() => t.close())

const auditPage = (h: TestHospital) => `/app/${h.organization.slug}/admin/audit`

/** The rendered page content, without the loader data the hydration script repeats. */
function main(html: string) {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'))
}

async function read(h: TestHospital, options: { acceptLanguage?: string } = {}, path = auditPage(h)) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(h.users.admin.email, TEST_PASSWORD)
  const res = await client.get(path)
  return { status: res.status, html: main(res.text) }
}

describe('audit log', () => {
  it('shows in Chinese who did what, to which record, and what changed from what to what', async () => {
    const { status, html } = await read(a)
    expect(status).toBe(200)
    expect(html).toContain('操作日志')
    expect(html).toContain(`admin ${a.organization.slug}`)
    expect(html).toContain(a.users.admin.email)
    expect(html).toContain('新建科室')
    expect(html).toContain('名称：眼科')
    expect(html).toContain('类型：临床科室')
    expect(html).toContain('修改反馈点位')
    expect(html).toContain('名称：心内科病区 → 心内科病区护士站')
    expect(html).toContain('所属科室：心血管内科 → 放射科')
    expect(html).toContain('修改医院设置')
    expect(html).toContain('默认语言：中文 → English')
    expect(html).toContain('开通医院')
    expect(html).toContain('系统')
    expect(html).not.toContain('updatedAt')
  })

  it('shows the same events in English to an English reader', async () => {
    const { html } = await read(a, { acceptLanguage: 'en' })
    expect(html).toContain('Audit log')
    expect(html).toContain('Department created')
    expect(html).toContain('Name: 眼科')
    expect(html).toContain('Type: Clinical')
    expect(html).toContain('Feedback point changed')
    expect(html).toContain('Department: Cardiology → Radiology')
    expect(html).toContain('Hospital settings changed')
    expect(html).toContain('Default language: 中文 → English')
  })

  it('shows an action it has no label for as it was recorded', async () => {
    await insertAuditEvent(t.ctx.db, { organizationId: a.organization.id, actorUserId: a.users.patient_service.id, action: 'case.reopened', entityType: 'case', entityId: 'C-2026-0001', after: { status: 'open' } })
    const { html } = await read(a)
    expect(html).toContain('case.reopened')
    expect(html).toContain(`patient_service ${a.organization.slug}`)
    expect(html).toContain('status：open')
  })

  it('never shows another hospital’s events', async () => {
    const { html } = await read(a)
    expect(html).not.toContain('B院机密科室')
    const other = await read(b)
    expect(other.html).toContain('B院机密科室')
    expect(other.html).not.toContain('心内科病区护士站')
  })

  it('pages back through older events with ?before=', async () => {
    const c = await createHospitalWithStaff(t.ctx)
    for (let i = 1; i <= 53; i++) {
      await insertAuditEvent(t.ctx.db, { organizationId: c.organization.id, actorUserId: c.users.admin.id, action: 'department.updated', entityType: 'department', after: { name: `批量科室-${String(i).padStart(2, '0')}` } })
    }
    const seen = (html: string) => [...html.matchAll(/名称：批量科室-(\d\d)/g)].map((m) => m[1])
    const first = await read(c)
    const page1 = seen(first.html)
    expect(page1).toHaveLength(50)
    expect(page1[0]).toBe('53')
    const older = first.html.match(/href="([^"]*\?before=\d+)"/)?.[1]
    expect(older).toBeDefined()
    const second = await read(c, {}, older!)
    const page2 = seen(second.html)
    // The rest of the bulk events, then the hospital's own creation event.
    expect(page2).toEqual(['03', '02', '01'])
    expect(second.html).toContain('开通医院')
    expect(second.html).toContain('回到最新')
    expect(new Set([...page1, ...page2]).size).toBe(53)
  })

  it('is for administrators only', async () => {
    for (const role of ['leadership', 'patient_service', 'department_head', 'staff'] as const) {
      const client = new AppClient(t.ctx)
      await client.signIn(a.users[role].email, TEST_PASSWORD)
      expect((await client.get(auditPage(a))).status, role).toBe(403)
    }
  })
})
