import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '#app/domain/roles.ts'
import { auditEvents } from '#db/schema/index.ts'
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

const URL = '/account/password'
const NEW_PASSWORD = 'brand-new-password-42'
let ipCounter = 0

async function signedIn(role: Role, password = TEST_PASSWORD) {
  const client = new AppClient(t.ctx, { ip: `198.51.100.${++ipCounter}` })
  await client.signIn(h.users[role].email, password)
  return client
}

describe('changing my password', () => {
  it('sends visitors who are not signed in to the sign-in page', async () => {
    const res = await new AppClient(t.ctx).get(URL)
    expect(res.status).toBe(302)
    expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(URL)}`)
  })

  it('refuses a wrong current password and keeps the old password working', async () => {
    const client = await signedIn('patient_service')
    const page = await client.get(URL)
    expect(page.status).toBe(200)
    expect(page.text).toContain('修改密码')
    const res = await client.post(URL, { currentPassword: 'not-the-password', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
    expect(res.status).toBe(400)
    expect(res.text).toContain('当前密码不正确')
    expect(res.text).toContain('role="alert"')
    await signedIn('patient_service')
  })

  it('refuses when the two new passwords differ', async () => {
    const client = await signedIn('department_head')
    await client.get(URL)
    const res = await client.post(URL, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}x` })
    expect(res.status).toBe(400)
    expect(res.text).toContain('两次输入的新密码不一致')
    await signedIn('department_head')
  })

  it('refuses a new password shorter than 10 characters', async () => {
    const client = await signedIn('department_head')
    await client.get(URL)
    const res = await client.post(URL, { currentPassword: TEST_PASSWORD, newPassword: 'short', confirmPassword: 'short' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('新密码至少需要 10 个字符')
  })

  it('switches sign-in to the new password, signs out my other sessions and keeps this one', async () => {
    const here = await signedIn('staff')
    const elsewhere = await signedIn('staff')
    const home = `/app/${h.organization.slug}`
    expect((await elsewhere.get(home)).status).toBe(200)

    await here.get(URL)
    const res = await here.post(URL, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
    expect(res.status).toBe(302)
    const done = await here.get(res.location!)
    expect(done.text).toContain('密码已修改，其他设备上的登录已退出')
    expect((await here.get(home)).status).toBe(200)

    const signedOut = await elsewhere.get(home)
    expect(signedOut.status).toBe(302)
    expect(signedOut.location).toContain('/login')

    await signedIn('staff', NEW_PASSWORD)
    const old = new AppClient(t.ctx, { ip: '198.51.100.250' })
    await old.get('/login')
    const refused = await old.post('/login', { email: h.users.staff.email, password: TEST_PASSWORD })
    expect(refused.status).toBe(400)

    const events = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.entityId, h.users.staff.id))
    expect(events.map((e) => e.action)).toContain('user.password_changed')
  })

  it('stops guessing after five wrong current passwords, even with the right one', async () => {
    const client = await signedIn('department_head')
    await client.get(URL)
    for (let i = 0; i < 5; i++) {
      const res = await client.post(URL, { currentPassword: `guess-${i}-wrong`, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
      expect(res.status).toBe(400)
    }
    const blocked = await client.post(URL, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
    expect(blocked.status).toBe(429)
    expect(blocked.text).toMatch(/尝试次数过多/)
    // the password did not change
    await new AppClient(t.ctx, { ip: '192.0.2.77' }).signIn(h.users.department_head.email, TEST_PASSWORD)
  })
})
