import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { newPublicCode } from '#app/lib/public-code.server.ts'
import { createTouchpoint, regenerateTouchpointCode } from '#app/services/touchpoints.server.ts'
import { listAuditEvents } from '#db/queries/audit.ts'
import { insertDepartment } from '#db/queries/departments.ts'
import { findTouchpoint, listTouchpoints } from '#db/queries/touchpoints.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

// Real codes unless a test makes the generator repeat one (pages run in the build, unaffected).
vi.mock('#app/lib/public-code.server.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('#app/lib/public-code.server.ts')>()
  return { ...actual, newPublicCode: vi.fn(actual.newPublicCode) }
})

let t: TestContext
let a: TestHospital
let b: TestHospital

beforeAll(async () => {
  t = createTestContext()
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

const list = (h: TestHospital) => `/app/${h.organization.slug}/admin/touchpoints`

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

/** The rendered page content, without the loader data the hydration script repeats. */
function main(html: string) {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'))
}

async function touchpointNamed(h: TestHospital, name: string) {
  const rows = await listTouchpoints(t.ctx.db, { organizationId: h.organization.id })
  return rows.find((r) => r.touchpoint.name === name)?.touchpoint
}

async function auditOf(h: TestHospital, action: string) {
  const events = await listAuditEvents(t.ctx.db, { organizationId: h.organization.id, limit: 500 })
  return events.filter((e) => e.action === action)
}

describe('touchpoint list and creation', () => {
  it('lets an admin create a touchpoint that gets its own short code and patient link', async () => {
    const admin = await signedIn(a.users.admin.email)
    await admin.get(list(a))
    const first = await admin.post(list(a), { name: '门诊二楼收费窗口', nameEn: '2F payment window', departmentId: a.departments.radiology.id })
    expect(first.status).toBe(302)
    const second = await admin.post(list(a), { name: '放射科候检区', nameEn: '', departmentId: a.departments.radiology.id })
    expect(second.status).toBe(302)

    const one = await touchpointNamed(a, '门诊二楼收费窗口')
    const two = await touchpointNamed(a, '放射科候检区')
    expect(one?.publicCode).toMatch(/^[a-hjkmnp-z2-9]{6}$/)
    expect(two?.publicCode).toMatch(/^[a-hjkmnp-z2-9]{6}$/)
    expect(one?.publicCode).not.toBe(two?.publicCode)
    expect(two?.nameEn).toBeNull()

    const page = await admin.get(first.location!)
    expect(page.status).toBe(200)
    expect(page.text).toContain(`反馈点位“门诊二楼收费窗口”已创建，点位编码为 ${one!.publicCode}。`)
    expect(main(page.text)).toContain(`${t.ctx.config.publicUrl}/q/${one!.publicCode}`)
    expect(main(page.text)).toContain('<td lang="en">2F payment window</td>')

    const created = await auditOf(a, 'touchpoint.created')
    expect(created.some((e) => e.entityId === one!.id && e.actorEmail === a.users.admin.email)).toBe(true)
  })

  it('keeps what was typed and says what is wrong when the form has errors', async () => {
    const admin = await signedIn(a.users.admin.email)
    await admin.get(list(a))
    const res = await admin.post(list(a), { name: '  ', nameEn: 'Lift lobby B', departmentId: a.departments.cardiology.id })
    expect(res.status).toBe(400)
    expect(res.text).toContain('请更正以下错误后重试。')
    expect(res.text).toContain('此项必填')
    expect(res.text).toContain('value="Lift lobby B"')
    expect(res.text).toMatch(new RegExp(`<option value="${a.departments.cardiology.id}" selected="">`))

    const noDepartment = await admin.post(list(a), { name: '住院楼电梯厅', nameEn: '', departmentId: '' })
    expect(noDepartment.status).toBe(400)
    expect(noDepartment.text).toContain('请选择所属科室。')
    expect(noDepartment.text).toContain('value="住院楼电梯厅"')
    expect(await touchpointNamed(a, '住院楼电梯厅')).toBeUndefined()
  })

  it('refuses a department of another hospital and a second touchpoint of the same name in one department', async () => {
    const admin = await signedIn(a.users.admin.email)
    await admin.get(list(a))
    const foreign = await admin.post(list(a), { name: '越权点位', departmentId: b.departments.cardiology.id })
    expect(foreign.status).toBe(400)
    expect(foreign.text).toContain('请选择本院一个启用中的科室。')
    expect(await touchpointNamed(a, '越权点位')).toBeUndefined()
    expect(await touchpointNamed(b, '越权点位')).toBeUndefined()

    const duplicate = await admin.post(list(a), { name: a.touchpoint.name, departmentId: a.departments.cardiology.id })
    expect(duplicate.status).toBe(400)
    expect(duplicate.text).toContain('该科室下已有同名反馈点位。')
  })

  it('filters the list by department with a plain GET form, including departments nested under it', async () => {
    const campus = await insertDepartment(t.ctx.db, { organizationId: a.organization.id, name: '东院区', type: 'functional' })
    const ward = await insertDepartment(t.ctx.db, { organizationId: a.organization.id, name: '东院区骨科', type: 'clinical', parentId: campus.id })
    const admin = await signedIn(a.users.admin.email)
    await admin.get(list(a))
    expect((await admin.post(list(a), { name: '东院骨科病区', departmentId: ward.id })).status).toBe(302)

    const page = await admin.get(list(a))
    expect(page.text).toMatch(/<form[^>]*method="get"/)
    expect(page.text).toContain('name="department"')

    const byCampus = await admin.get(`${list(a)}?department=${campus.id}`)
    expect(byCampus.status).toBe(200)
    expect(main(byCampus.text)).toContain('东院骨科病区')
    expect(byCampus.text).not.toContain(a.touchpoint.publicCode)

    const byCardiology = await admin.get(`${list(a)}?department=${a.departments.cardiology.id}`)
    expect(main(byCardiology.text)).toContain(a.touchpoint.publicCode)
    expect(byCardiology.text).not.toContain('东院骨科病区')

    const nonsense = await admin.get(`${list(a)}?department=not-a-department`)
    expect(nonsense.status).toBe(200)
    expect(nonsense.text).toContain(a.touchpoint.publicCode)
  })
})

describe('public codes', () => {
  it('draws again when a new code is already printed on another hospital’s posters', async () => {
    const generator = vi.mocked(newPublicCode)
    generator.mockClear()
    generator.mockReturnValueOnce(b.touchpoint.publicCode.toUpperCase())
    const created = await createTouchpoint(t.ctx, { organizationId: a.organization.id, actorUserId: a.users.admin.id }, { name: '门诊输液室', nameEn: null, departmentId: a.departments.cardiology.id })
    expect(created.ok).toBe(true)
    expect(generator).toHaveBeenCalledTimes(2)
    if (created.ok) expect(created.publicCode.toLowerCase()).not.toBe(b.touchpoint.publicCode.toLowerCase())

    generator.mockClear()
    generator.mockReturnValueOnce(b.touchpoint.publicCode)
    const regenerated = await regenerateTouchpointCode(t.ctx, { organizationId: a.organization.id, actorUserId: a.users.admin.id }, created.ok ? created.id : '')
    expect(regenerated.ok).toBe(true)
    expect(generator).toHaveBeenCalledTimes(2)
    if (regenerated.ok) expect(regenerated.publicCode).not.toBe(b.touchpoint.publicCode)
  })
})

describe('editing a touchpoint', () => {
  it('saves name, English name, department and active, and records before and after in the audit log', async () => {
    const admin = await signedIn(a.users.admin.email)
    const created = await admin.post(list(a), { name: '儿科候诊区', departmentId: a.departments.cardiology.id })
    expect(created.status).toBe(302)
    const tp = (await touchpointNamed(a, '儿科候诊区'))!
    const edit = `${list(a)}/${tp.id}`
    const form = await admin.get(edit)
    expect(form.status).toBe(200)
    expect(form.text).toContain(tp.publicCode)

    const res = await admin.post(edit, { intent: 'save', name: '儿科门诊候诊区', nameEn: 'Paediatric waiting area', departmentId: a.departments.radiology.id })
    expect(res.status).toBe(302)
    const after = (await findTouchpoint(t.ctx.db, { organizationId: a.organization.id, touchpointId: tp.id }))!
    expect(after).toMatchObject({ name: '儿科门诊候诊区', nameEn: 'Paediatric waiting area', departmentId: a.departments.radiology.id, active: false, publicCode: tp.publicCode })

    const listed = await admin.get(res.location!)
    expect(listed.text).toContain('反馈点位“儿科门诊候诊区”已保存。')

    const [event] = (await auditOf(a, 'touchpoint.updated')).filter((e) => e.entityId === tp.id)
    expect(event?.before).toMatchObject({ name: '儿科候诊区', active: true, departmentId: a.departments.cardiology.id })
    expect(event?.after).toMatchObject({ name: '儿科门诊候诊区', active: false, departmentId: a.departments.radiology.id })
  })

  it('keeps the typed values when an edit is invalid', async () => {
    const admin = await signedIn(a.users.admin.email)
    const edit = `${list(a)}/${a.touchpoint.id}`
    await admin.get(edit)
    const res = await admin.post(edit, { intent: 'save', name: 'x'.repeat(51), nameEn: 'Ward', departmentId: a.departments.cardiology.id, active: 'on' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('不能超过 50 个字符')
    expect(res.text).toContain(`value="${'x'.repeat(51)}"`)
    expect(res.text).toContain('value="Ward"')
  })

  it('regenerates the code only after confirmation, audits it, and warns that printed posters stop working', async () => {
    const admin = await signedIn(a.users.admin.email)
    const created = await admin.post(list(a), { name: '急诊大厅', departmentId: a.departments.cardiology.id })
    expect(created.status).toBe(302)
    const tp = (await touchpointNamed(a, '急诊大厅'))!
    const edit = `${list(a)}/${tp.id}`
    const page = await admin.get(edit)
    expect(page.text).toContain('已张贴的二维码海报将无法使用')

    const unconfirmed = await admin.post(edit, { intent: 'regenerateCode' })
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.text).toContain('请先勾选确认，再重新生成编码。')
    expect((await findTouchpoint(t.ctx.db, { organizationId: a.organization.id, touchpointId: tp.id }))?.publicCode).toBe(tp.publicCode)

    const res = await admin.post(edit, { intent: 'regenerateCode', confirm: 'on' })
    expect(res.status).toBe(302)
    const after = (await findTouchpoint(t.ctx.db, { organizationId: a.organization.id, touchpointId: tp.id }))!
    expect(after.publicCode).not.toBe(tp.publicCode)
    expect(after.publicCode).toMatch(/^[a-hjkmnp-z2-9]{6}$/)

    const shown = await admin.get(res.location!)
    expect(shown.text).toContain(`已生成新编码 ${after.publicCode}`)
    expect(shown.text).toContain(`${t.ctx.config.publicUrl}/q/${after.publicCode}`)
    expect(shown.text).not.toContain(`/q/${tp.publicCode}`)

    const [event] = (await auditOf(a, 'touchpoint.code_regenerated')).filter((e) => e.entityId === tp.id)
    expect(event?.before).toMatchObject({ publicCode: tp.publicCode })
    expect(event?.after).toMatchObject({ publicCode: after.publicCode })
  })
})

describe('who may see and change touchpoints', () => {
  it('gives a 404 for another hospital’s touchpoint or a malformed id, and changes nothing there', async () => {
    const admin = await signedIn(a.users.admin.email)
    await admin.get(list(a))
    expect((await admin.get(`${list(a)}/${b.touchpoint.id}`)).status).toBe(404)
    expect((await admin.get(`${list(a)}/not-a-uuid`)).status).toBe(404)
    expect((await admin.post(`${list(a)}/${b.touchpoint.id}`, { intent: 'save', name: '越权修改', departmentId: a.departments.cardiology.id })).status).toBe(404)
    expect((await admin.post(`${list(a)}/${b.touchpoint.id}`, { intent: 'regenerateCode', confirm: 'on' })).status).toBe(404)
    const untouched = await findTouchpoint(t.ctx.db, { organizationId: b.organization.id, touchpointId: b.touchpoint.id })
    expect(untouched).toMatchObject({ name: b.touchpoint.name, publicCode: b.touchpoint.publicCode })
  })

  it('lets a department head see the touchpoints but not create or change them', async () => {
    const head = await signedIn(a.users.department_head.email)
    const page = await head.get(list(a))
    expect(page.status).toBe(200)
    expect(main(page.text)).toContain(`<code>${a.touchpoint.publicCode}</code>`)
    expect(page.text).not.toContain('新建反馈点位')
    expect((await head.post(list(a), { name: '科主任新建', departmentId: a.departments.cardiology.id })).status).toBe(403)
    expect((await head.get(`${list(a)}/${a.touchpoint.id}`)).status).toBe(403)
    expect((await head.post(`${list(a)}/${a.touchpoint.id}`, { intent: 'regenerateCode', confirm: 'on' })).status).toBe(403)
    expect(await touchpointNamed(a, '科主任新建')).toBeUndefined()
  })

  it('shows the list in English to an English reader', async () => {
    const admin = await signedIn(a.users.admin.email, { acceptLanguage: 'en' })
    const page = main((await admin.get(list(a))).text)
    expect(page).toContain('Feedback points')
    expect(page).toContain('Patient link')
    expect(page).toContain('<td>Cardiology</td>')
    expect(page).toContain('New feedback point')
  })
})
