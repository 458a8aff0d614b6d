import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditEvents } from '#db/queries/audit.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
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
})
afterAll(() => t.close())

const settings = (h: TestHospital) => `/app/${h.organization.slug}/admin/settings`

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

function hospitalNameInHeader(html: string) {
  return html.match(/<span class="hospital-name">([^<]*)<\/span>/)?.[1]
}

async function settingsEvents(h: TestHospital) {
  const events = await listAuditEvents(t.ctx.db, { organizationId: h.organization.id, limit: 500 })
  return events.filter((e) => e.action === 'organization.updated')
}

describe('hospital settings', () => {
  it('renames the hospital: the new name appears in the page header and the change is audited', async () => {
    const admin = await signedIn(a.users.admin.email)
    const form = await admin.get(settings(a))
    expect(form.status).toBe(200)
    expect(hospitalNameInHeader(form.text)).toBe(a.organization.name)

    const res = await admin.post(settings(a), { name: '回音市第一人民医院', nameEn: 'Huiyin First People’s Hospital', timeZone: 'Asia/Shanghai', defaultLocale: 'zh-CN' })
    expect(res.status).toBe(302)
    const page = await admin.get(res.location!)
    expect(page.text).toContain('医院设置已保存。')
    expect(hospitalNameInHeader(page.text)).toBe('回音市第一人民医院')

    const english = await signedIn(a.users.admin.email, { acceptLanguage: 'en' })
    const home = await english.get(`/app/${a.organization.slug}`)
    expect(hospitalNameInHeader(home.text)).toBe('Huiyin First People’s Hospital')

    const [event] = await settingsEvents(a)
    expect(event?.actorEmail).toBe(a.users.admin.email)
    expect(event?.before).toMatchObject({ name: a.organization.name })
    expect(event?.after).toMatchObject({ name: '回音市第一人民医院', nameEn: 'Huiyin First People’s Hospital' })
  })

  it('changes the time zone and default language, stored under the canonical time zone name', async () => {
    const admin = await signedIn(b.users.admin.email)
    await admin.get(settings(b))
    const res = await admin.post(settings(b), { name: b.organization.name, nameEn: '', timeZone: 'asia/urumqi', defaultLocale: 'en' })
    expect(res.status).toBe(302)
    const stored = await findOrganizationById(t.ctx.db, { organizationId: b.organization.id })
    expect(stored).toMatchObject({ timeZone: 'Asia/Urumqi', defaultLocale: 'en', nameEn: null })
    const page = await admin.get(settings(b))
    expect(page.text).toMatch(/<option value="Asia\/Urumqi" selected="">/)
    expect(page.text).toMatch(/<option value="en" lang="en" selected="">/)
  })

  it('writes no audit event when nothing was changed', async () => {
    const admin = await signedIn(a.users.admin.email)
    const current = (await findOrganizationById(t.ctx.db, { organizationId: a.organization.id }))!
    const before = (await settingsEvents(a)).length
    await admin.get(settings(a))
    const res = await admin.post(settings(a), { name: current.name, nameEn: current.nameEn ?? '', timeZone: current.timeZone, defaultLocale: current.defaultLocale })
    expect(res.status).toBe(302)
    expect((await admin.get(res.location!)).text).toContain('没有修改任何设置。')
    expect((await settingsEvents(a)).length).toBe(before)
  })

  it('refuses an unknown time zone with a message in the reader’s language and keeps what was typed', async () => {
    const admin = await signedIn(a.users.admin.email)
    await admin.get(settings(a))
    const zh = await admin.post(settings(a), { name: '改名但时区错误', nameEn: 'Typed English name', timeZone: 'Mars/Olympus_Mons', defaultLocale: 'zh-CN' })
    expect(zh.status).toBe(400)
    expect(zh.text).toContain('请选择有效的时区（IANA 时区名称，如 Asia/Shanghai）。')
    expect(zh.text).toContain('value="改名但时区错误"')
    expect(zh.text).toContain('value="Typed English name"')

    const offset = await admin.post(settings(a), { name: '改名但时区错误', nameEn: '', timeZone: '+08:00', defaultLocale: 'zh-CN' })
    expect(offset.status).toBe(400)

    const english = await signedIn(a.users.admin.email, { acceptLanguage: 'en' })
    await english.get(settings(a))
    const en = await english.post(settings(a), { name: 'x', nameEn: '', timeZone: 'Not/AZone', defaultLocale: 'en' })
    expect(en.status).toBe(400)
    expect(en.text).toContain('Choose a valid time zone (an IANA name such as Asia/Shanghai).')

    const stored = await findOrganizationById(t.ctx.db, { organizationId: a.organization.id })
    expect(stored?.name).not.toBe('改名但时区错误')
    expect(stored?.timeZone).toBe('Asia/Shanghai')
  })

  it('shows leadership the settings read-only and refuses their changes', async () => {
    const leader = await signedIn(a.users.leadership.email)
    const page = await leader.get(settings(a))
    expect(page.status).toBe(200)
    expect(page.text).toContain('您可以查看医院设置，只有系统管理员可以修改。')
    expect(page.text).toContain('Asia/Shanghai')
    expect(page.text).not.toContain('name="timeZone"')
    const res = await leader.post(settings(a), { name: '领导改名', nameEn: '', timeZone: 'Asia/Shanghai', defaultLocale: 'zh-CN' })
    expect(res.status).toBe(403)
    expect((await findOrganizationById(t.ctx.db, { organizationId: a.organization.id }))?.name).not.toBe('领导改名')
  })

  it('keeps other roles and other hospitals out of the settings', async () => {
    const service = await signedIn(a.users.patient_service.email)
    expect((await service.get(settings(a))).status).toBe(403)
    const admin = await signedIn(a.users.admin.email)
    expect((await admin.get(settings(b))).status).toBe(404)
    expect((await admin.post(settings(b), { name: '越权改名', nameEn: '', timeZone: 'Asia/Shanghai', defaultLocale: 'zh-CN' })).status).toBe(404)
    expect((await findOrganizationById(t.ctx.db, { organizationId: b.organization.id }))?.name).toBe(b.organization.name)
  })
})
