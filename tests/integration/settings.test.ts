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

  describe('SMS number and abuse limits', () => {
    const base = (h: TestHospital) => ({ name: h.organization.name, nameEn: '', timeZone: 'Asia/Shanghai', defaultLocale: 'zh-CN' })
    const hospitalNumber = () => `+8610${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`

    it('saves the hospital’s SMS number in E.164 with its limits, shows them, and audits the change', async () => {
      const h = await createHospitalWithStaff(t.ctx)
      const admin = await signedIn(h.users.admin.email)
      const page = await admin.get(settings(h))
      expect(page.text).toContain('name="smsNumber"')
      expect(page.text).toContain(`${t.ctx.config.publicUrl}/webhooks/twilio/sms`)
      expect(page.text).toMatch(/name="intakeLimitPerHour"[^>]*value="10"/)
      expect(page.text).toMatch(/name="smsAttachWindowDays"[^>]*value="14"/)

      const number = hospitalNumber()
      const typed = `${number.slice(0, 3)} ${number.slice(3, 5)} ${number.slice(5, 9)} ${number.slice(9)}`
      const res = await admin.post(settings(h), { ...base(h), smsNumber: typed, intakeLimitPerHour: '25', smsAttachWindowDays: '30' })
      expect(res.status).toBe(302)
      expect(await findOrganizationById(t.ctx.db, { organizationId: h.organization.id })).toMatchObject({ smsNumber: number, intakeLimitPerHour: 25, smsAttachWindowDays: 30 })
      const after = await admin.get(settings(h))
      expect(after.text).toContain(`value="${number}"`)
      expect(after.text).toMatch(/name="intakeLimitPerHour"[^>]*value="25"/)

      const [event] = await settingsEvents(h)
      expect(event?.before).toMatchObject({ smsNumber: null, intakeLimitPerHour: 10, smsAttachWindowDays: 14 })
      expect(event?.after).toMatchObject({ smsNumber: number, intakeLimitPerHour: 25, smsAttachWindowDays: 30 })

      const cleared = await admin.post(settings(h), { ...base(h), smsNumber: '', intakeLimitPerHour: '25', smsAttachWindowDays: '30' })
      expect(cleared.status).toBe(302)
      expect((await findOrganizationById(t.ctx.db, { organizationId: h.organization.id }))?.smsNumber).toBeNull()
    })

    it('refuses a number another hospital uses, with a clear message on the field, and keeps what was typed', async () => {
      const taken = hospitalNumber()
      const owner = await createHospitalWithStaff(t.ctx)
      const ownerAdmin = await signedIn(owner.users.admin.email)
      await ownerAdmin.get(settings(owner))
      expect((await ownerAdmin.post(settings(owner), { ...base(owner), smsNumber: taken, intakeLimitPerHour: '10', smsAttachWindowDays: '14' })).status).toBe(302)

      const h = await createHospitalWithStaff(t.ctx)
      const admin = await signedIn(h.users.admin.email)
      await admin.get(settings(h))
      const res = await admin.post(settings(h), { ...base(h), name: '想要别人号码的医院', smsNumber: taken, intakeLimitPerHour: '12', smsAttachWindowDays: '14' })
      expect(res.status).toBe(400)
      expect(res.text).toContain('这个短信号码已被另一家医院使用，每个号码只能属于一家医院。')
      expect(res.text).toContain('value="想要别人号码的医院"')
      expect(res.text).toContain(`value="${taken}"`)
      expect(await findOrganizationById(t.ctx.db, { organizationId: h.organization.id })).toMatchObject({ smsNumber: null, name: h.organization.name, intakeLimitPerHour: 10 })
      expect(await settingsEvents(h)).toEqual([])
    })

    it('explains a malformed number and out-of-range limits in the reader’s language', async () => {
      const h = await createHospitalWithStaff(t.ctx)
      const admin = await signedIn(h.users.admin.email)
      await admin.get(settings(h))
      const zh = await admin.post(settings(h), { ...base(h), smsNumber: '010-65550123', intakeLimitPerHour: '0', smsAttachWindowDays: '91' })
      expect(zh.status).toBe(400)
      expect(zh.text).toContain('请以国际格式填写号码，以“+”和国家代码开头，如 +8610xxxxxxxx。')
      expect(zh.text).toContain('请填写 1 到 1000 之间的整数。')
      expect(zh.text).toContain('请填写 1 到 90 之间的整数。')
      expect(zh.text).toContain('value="010-65550123"')
      expect(zh.text).toMatch(/name="smsAttachWindowDays"[^>]*value="91"/)

      const tooMany = await admin.post(settings(h), { ...base(h), smsNumber: '', intakeLimitPerHour: '1001', smsAttachWindowDays: 'two weeks' })
      expect(tooMany.status).toBe(400)
      expect(tooMany.text).toContain('请填写 1 到 1000 之间的整数。')
      expect(tooMany.text).toContain('请填写 1 到 90 之间的整数。')

      const english = await signedIn(h.users.admin.email, { acceptLanguage: 'en' })
      await english.get(settings(h))
      const en = await english.post(settings(h), { ...base(h), smsNumber: 'call us', intakeLimitPerHour: '-5', smsAttachWindowDays: '0' })
      expect(en.status).toBe(400)
      expect(en.text).toContain('Enter the number in international format, starting with + and the country code, such as +8610xxxxxxxx.')
      expect(en.text).toContain('Enter a whole number from 1 to 1000.')
      expect(en.text).toContain('Enter a whole number from 1 to 90.')
      expect(await findOrganizationById(t.ctx.db, { organizationId: h.organization.id })).toMatchObject({ smsNumber: null, intakeLimitPerHour: 10, smsAttachWindowDays: 14 })
    })

    it('shows leadership the SMS settings read-only', async () => {
      const h = await createHospitalWithStaff(t.ctx)
      const admin = await signedIn(h.users.admin.email)
      await admin.get(settings(h))
      const number = hospitalNumber()
      await admin.post(settings(h), { ...base(h), smsNumber: number, intakeLimitPerHour: '7', smsAttachWindowDays: '14' })
      const leader = await signedIn(h.users.leadership.email)
      const page = await leader.get(settings(h))
      expect(page.text).toContain(`<dd>${number}</dd>`)
      expect(page.text).toContain('<dd>7</dd>')
      expect(page.text).not.toContain('name="smsNumber"')
    })
  })
})
