import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rateLimits } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

let t: TestContext
let h: TestHospital

beforeAll(async () => {
  t = createTestContext()
  h = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

describe('staff sign-in', () => {
  it('signs in with email and password into a signed HTTP-only session cookie and lands in the hospital', async () => {
    const client = new AppClient(t.ctx)
    await client.get('/login')
    const res = await client.post('/login', { email: h.users.admin.email.toUpperCase(), password: TEST_PASSWORD })
    expect(res.status).toBe(302)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('hy_session='))
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    const home = await client.get('/')
    expect(home.status).toBe(302)
    expect(home.location).toBe(`/app/${h.organization.slug}`)
  })

  it('says the email or password is wrong, in Chinese by default, keeping the email typed', async () => {
    const client = new AppClient(t.ctx, { ip: '198.51.100.1' })
    await client.get('/login')
    const res = await client.post('/login', { email: h.users.staff.email, password: 'wrong-password' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('邮箱或密码不正确')
    expect(res.text).toContain(`value="${h.users.staff.email}"`)
  })

  it('says it in English for an English browser', async () => {
    const client = new AppClient(t.ctx, { ip: '198.51.100.2', acceptLanguage: 'en-US,en;q=0.9' })
    await client.get('/login')
    const res = await client.post('/login', { email: h.users.staff.email, password: 'wrong-password' })
    expect(res.text).toContain('The email or password is not correct.')
  })

  it('throttles repeated failures for an account with a clear message, even for the right password', async () => {
    const client = new AppClient(t.ctx, { ip: '198.51.100.3' })
    await client.get('/login')
    for (let i = 0; i < 5; i++) {
      const res = await client.post('/login', { email: h.users.leadership.email, password: `nope-${i}` })
      expect(res.status).toBe(400)
    }
    const blocked = await client.post('/login', { email: h.users.leadership.email, password: TEST_PASSWORD })
    expect(blocked.status).toBe(429)
    expect(blocked.text).toMatch(/登录尝试次数过多，请 \d+ 分钟后再试/)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    // another address is not blocked for the same account
    const other = new AppClient(t.ctx, { ip: '198.51.100.4' })
    await other.signIn(h.users.leadership.email, TEST_PASSWORD)
  })

  it('keeps throttling counts in PostgreSQL so every web instance shares them', async () => {
    const rows = await t.ctx.db.select().from(rateLimits).where(eq(rateLimits.key, `signin-account:${h.users.leadership.email}|198.51.100.3`))
    expect(rows[0]?.points).toBeGreaterThanOrEqual(5)
  })

  it('signs out: the session no longer opens hospital pages', async () => {
    const client = new AppClient(t.ctx)
    await client.signIn(h.users.admin.email, TEST_PASSWORD)
    expect((await client.get(`/app/${h.organization.slug}`)).status).toBe(200)
    const out = await client.post('/logout', {})
    expect(out.status).toBe(302)
    const after = await client.get(`/app/${h.organization.slug}`)
    expect(after.status).toBe(302)
    expect(after.location).toContain('/login')
  })

  it('refuses an open redirect after sign-in', async () => {
    const client = new AppClient(t.ctx)
    await client.get('/login')
    const res = await client.post('/login', { email: h.users.admin.email, password: TEST_PASSWORD, redirectTo: '//evil.example.com/' })
    expect(res.location).toBe('/')
  })
})

describe('CSRF protection', () => {
  it('rejects a form post without the token and changes nothing', async () => {
    const client = new AppClient(t.ctx)
    await client.signIn(h.users.admin.email, TEST_PASSWORD)
    const res = await client.post(`/app/${h.organization.slug}/admin/departments`, { name: '无令牌科室', type: 'clinical' }, { csrf: false })
    expect(res.status).toBe(403)
    const list = await client.get(`/app/${h.organization.slug}/admin/departments`)
    expect(list.text).not.toContain('无令牌科室')
  })

  it('rejects a token that does not match the browser’s cookie', async () => {
    const client = new AppClient(t.ctx)
    await client.signIn(h.users.admin.email, TEST_PASSWORD)
    const res = await client.post(`/app/${h.organization.slug}/admin/departments`, { name: '伪造令牌科室', type: 'clinical' }, { csrf: 'forged-token' })
    expect(res.status).toBe(403)
  })

  it('rejects a sign-in post without the token', async () => {
    const client = new AppClient(t.ctx)
    await client.get('/login')
    const res = await client.post('/login', { email: h.users.admin.email, password: TEST_PASSWORD }, { csrf: false })
    expect(res.status).toBe(403)
    expect(client.hasCookie('hy_session')).toBe(false)
  })

  it('rejects a sign-out and language change posted from another site', async () => {
    const client = new AppClient(t.ctx)
    await client.signIn(h.users.admin.email, TEST_PASSWORD)
    expect((await client.post('/logout', {}, { csrf: false })).status).toBe(403)
    expect((await client.post('/language', { locale: 'en' }, { csrf: false })).status).toBe(403)
    expect((await client.get(`/app/${h.organization.slug}`)).status).toBe(200)
  })
})

describe('language', () => {
  it('is Chinese by default and switches to English for this browser and this user', async () => {
    const client = new AppClient(t.ctx, { acceptLanguage: '' })
    await client.signIn(h.users.patient_service.email, TEST_PASSWORD)
    const zh = await client.get(`/app/${h.organization.slug}`)
    expect(zh.text).toContain('<html lang="zh-CN"')
    expect(zh.text).toContain('退出登录')
    const switched = await client.post('/language', { locale: 'en', redirectTo: `/app/${h.organization.slug}` })
    expect(switched.status).toBe(302)
    expect(switched.location).toBe(`/app/${h.organization.slug}`)
    const en = await client.get(`/app/${h.organization.slug}`)
    expect(en.text).toContain('<html lang="en"')
    expect(en.text).toContain('Sign out')

    // the choice follows the user to a new browser
    const elsewhere = new AppClient(t.ctx, { acceptLanguage: 'zh-CN' })
    await elsewhere.signIn(h.users.patient_service.email, TEST_PASSWORD)
    expect((await elsewhere.get(`/app/${h.organization.slug}`)).text).toContain('<html lang="en"')
  })

  it('refuses an unknown language with 400', async () => {
    const client = new AppClient(t.ctx)
    await client.get('/login')
    expect((await client.post('/language', { locale: 'fr' })).status).toBe(400)
  })
})
