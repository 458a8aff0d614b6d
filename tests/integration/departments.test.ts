import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, departments } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

let t: TestContext
let h: TestHospital
let admin: AppClient
let base: string

beforeAll(async () => {
  t = createTestContext()
  h = await createHospitalWithStaff(t.ctx)
  admin = new AppClient(t.ctx)
  await admin.signIn(h.users.admin.email, TEST_PASSWORD)
  base = `/app/${h.organization.slug}/admin/departments`
})
afterAll(() => t.close())

const findByName = (name: string) =>
  t.ctx.db
    .select()
    .from(departments)
    .where(and(eq(departments.organizationId, h.organization.id), eq(departments.name, name)))
    .then((r) => r[0])

describe('managing departments', () => {
  it('creates a nested department and records who created it', async () => {
    const res = await admin.post(base, { name: '心脏介入中心', nameEn: 'Cardiac Intervention', type: 'clinical', parentId: h.departments.cardiology.id })
    expect(res.status).toBe(302)
    const created = await findByName('心脏介入中心')
    expect(created).toMatchObject({ nameEn: 'Cardiac Intervention', parentId: h.departments.cardiology.id, active: true })
    const events = await t.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, created!.id), eq(auditEvents.action, 'department.created')))
    expect(events).toHaveLength(1)
    expect(events[0]!.actorUserId).toBe(h.users.admin.id)
    const list = await admin.get(base)
    expect(list.text).toContain('心脏介入中心')
  })

  it('refuses a duplicate name with a clear message and keeps what was typed', async () => {
    const res = await admin.post(base, { name: '放射科', nameEn: 'Second Radiology', type: 'medical_technical', parentId: '' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('本院已有同名科室')
    expect(res.text).toContain('value="Second Radiology"')
  })

  it('refuses an empty name in English for an English reader', async () => {
    const en = new AppClient(t.ctx, { acceptLanguage: 'en' })
    await en.signIn(h.users.admin.email, TEST_PASSWORD)
    const res = await en.post(base, { name: '  ', nameEn: 'Nameless', type: 'clinical' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('Required')
    expect(res.text).toContain('value="Nameless"')
  })

  it('refuses to place a department under its own sub-department', async () => {
    const child = await findByName('心脏介入中心')
    const res = await admin.post(`${base}/${h.departments.cardiology.id}`, { name: '心血管内科', type: 'clinical', parentId: child!.id, active: 'on' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('不能把科室设为其自身或其下级科室的下级')
    expect((await findByName('心血管内科'))!.parentId).toBeNull()
  })

  it('renames and deactivates a department, keeping before and after in the audit log', async () => {
    const res = await admin.post(`${base}/${h.departments.radiology.id}`, { name: '医学影像科', nameEn: 'Medical Imaging', type: 'medical_technical', parentId: '', sortOrder: '3' })
    expect(res.status).toBe(302)
    const after = await findByName('医学影像科')
    expect(after).toMatchObject({ id: h.departments.radiology.id, active: false, sortOrder: 3 })
    const [event] = await t.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, after!.id), eq(auditEvents.action, 'department.updated')))
    expect(event!.before).toMatchObject({ name: '放射科', active: true })
    expect(event!.after).toMatchObject({ name: '医学影像科', active: false })
  })

  it('does not offer an unknown parent: a parent from another hospital is refused', async () => {
    const other = await createHospitalWithStaff(t.ctx)
    const res = await admin.post(base, { name: '外院下级', type: 'clinical', parentId: other.departments.cardiology.id })
    expect(res.status).toBe(400)
    expect(await findByName('外院下级')).toBeUndefined()
  })
})
