import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findMember } from '#db/queries/memberships.ts'
import { findUserByEmail } from '#db/queries/users.ts'
import { memberships } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'
import { auditEventsFor, invitationPathFor, inviteThroughPage, newEmail } from '#tests/helpers/staff.ts'

const clock = testClock()
let t: TestContext
let h: TestHospital
let admin: AppClient

beforeAll(async () => {
  t = createTestContext({ clock })
  h = await createHospitalWithStaff(t.ctx)
  admin = new AppClient(t.ctx)
  await admin.signIn(h.users.admin.email, TEST_PASSWORD)
})
afterAll(() => t.close())

const NEW_PASSWORD = 'a-long-new-password'

async function membershipOfEmail(hospital: TestHospital, email: string) {
  const user = await findUserByEmail(t.ctx.db, email)
  if (!user) return undefined
  const [row] = await t.ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, hospital.organization.id), eq(memberships.userId, user.id)))
  return row ? findMember(t.ctx.db, { organizationId: hospital.organization.id, membershipId: row.id }) : undefined
}

describe('accepting an invitation', () => {
  it('creates the account with the invited role and departments and signs the new person in', async () => {
    const email = newEmail('head')
    await inviteThroughPage(admin, h, { email, name: '李主任', role: 'department_head', departmentIds: [h.departments.cardiology.id, h.departments.radiology.id] })
    const link = await invitationPathFor(t.ctx, email)

    const visitor = new AppClient(t.ctx)
    const page = await visitor.get(link)
    expect(page.status).toBe(200)
    expect(page.text).toContain(h.organization.name)
    expect(page.text).toContain('科室负责人')
    expect(page.text).toContain(email)
    expect(page.text).toContain('value="李主任"')
    expect(page.text).toContain('设置密码')

    const res = await visitor.post(link, { name: '李明', password: NEW_PASSWORD })
    expect(res.status).toBe(302)
    expect(res.location).toBe(`/app/${h.organization.slug}`)
    expect(visitor.hasCookie('hy_session')).toBe(true)
    const home = await visitor.get(`/app/${h.organization.slug}`)
    expect(home.status).toBe(200)
    expect(home.text).toContain('李明')

    const member = await membershipOfEmail(h, email)
    expect(member!.membership).toMatchObject({ role: 'department_head', active: true })
    expect(member!.user.name).toBe('李明')
    expect([...member!.departmentIds].sort()).toEqual([h.departments.cardiology.id, h.departments.radiology.id].sort())
    expect((await auditEventsFor(t.ctx, h, member!.membership.id)).map((e) => e.action)).toContain('invitation.accepted')

    const later = new AppClient(t.ctx)
    await later.signIn(email, NEW_PASSWORD)
    expect((await later.get(`/app/${h.organization.slug}`)).status).toBe(200)
  })

  it('does not let the same link be used twice', async () => {
    const email = newEmail()
    await inviteThroughPage(admin, h, { email, name: '张医生', role: 'patient_service' })
    const link = await invitationPathFor(t.ctx, email)
    const first = new AppClient(t.ctx)
    await first.get(link)
    expect((await first.post(link, { name: '张医生', password: NEW_PASSWORD })).status).toBe(302)

    const second = new AppClient(t.ctx)
    const page = await second.get(link)
    expect(page.status).toBe(410)
    expect(page.text).toContain('这个邀请链接已经使用过了')
    const retry = await second.post(link, { name: '冒用者', password: 'another-password-123' })
    expect(retry.status).toBe(302)
    expect(retry.location).toBe(link)
    expect(second.hasCookie('hy_session')).toBe(false)
    expect((await findUserByEmail(t.ctx.db, email))!.name).toBe('张医生')
  })

  it('rejects a link after it expires', async () => {
    const email = newEmail()
    await inviteThroughPage(admin, h, { email, name: '过期', role: 'leadership' })
    const link = await invitationPathFor(t.ctx, email)
    const visitor = new AppClient(t.ctx)
    expect((await visitor.get(link)).status).toBe(200)

    clock.advance(7 * 24 * 3600 * 1000 + 60_000)
    try {
      const page = await visitor.get(link)
      expect(page.status).toBe(410)
      expect(page.text).toContain('这个邀请链接已过期')
      const post = await visitor.post(link, { name: '过期', password: NEW_PASSWORD })
      expect(post.status).toBe(302)
      expect(await findUserByEmail(t.ctx.db, email)).toBeUndefined()
    } finally {
      clock.advance(-(7 * 24 * 3600 * 1000 + 60_000))
    }
  })

  it('shows a kind message, not an error, for a link that never existed', async () => {
    const visitor = new AppClient(t.ctx)
    const page = await visitor.get('/invite/this-token-was-never-issued-by-huiyin')
    expect(page.status).toBe(404)
    expect(page.text).toContain('邀请链接无效、已使用或已过期')
  })

  it('asks for a password of at least 10 characters and keeps the name typed', async () => {
    const email = newEmail()
    await inviteThroughPage(admin, h, { email, name: '陈护士', role: 'staff', departmentIds: [h.departments.cardiology.id] })
    const link = await invitationPathFor(t.ctx, email)
    const visitor = new AppClient(t.ctx)
    await visitor.get(link)
    const res = await visitor.post(link, { name: '陈小红', password: 'short' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('密码至少需要 10 个字符')
    expect(res.text).toContain('value="陈小红"')
    expect(await findUserByEmail(t.ctx.db, email)).toBeUndefined()
    expect((await visitor.get(link)).status).toBe(200)
  })

  it('asks someone who already has an account for their current password and adds this hospital to it', async () => {
    const elsewhere = await createHospitalWithStaff(t.ctx)
    const email = elsewhere.users.staff.email
    await inviteThroughPage(admin, h, { email, name: '多院区人员', role: 'leadership' })
    const link = await invitationPathFor(t.ctx, email)

    const visitor = new AppClient(t.ctx)
    const page = await visitor.get(link)
    expect(page.text).toContain('您已有回音账号')
    expect(page.text).not.toContain('name="name"')

    const wrong = await visitor.post(link, { password: 'not-my-password' })
    expect(wrong.status).toBe(400)
    expect(wrong.text).toContain('密码不正确')

    const res = await visitor.post(link, { password: TEST_PASSWORD })
    expect(res.status).toBe(302)
    expect(res.location).toBe(`/app/${h.organization.slug}`)
    expect((await visitor.get(`/app/${h.organization.slug}`)).status).toBe(200)
    expect((await visitor.get(`/app/${elsewhere.organization.slug}`)).status).toBe(200)
    expect((await membershipOfEmail(h, email))!.membership.role).toBe('leadership')
    expect((await membershipOfEmail(elsewhere, email))!.membership.role).toBe('staff')
  })

  it('shows the invitation in English to an English-speaking browser', async () => {
    const email = newEmail()
    await inviteThroughPage(admin, h, { email, name: 'Dr Smith', role: 'department_head', departmentIds: [h.departments.radiology.id] })
    const link = await invitationPathFor(t.ctx, email)
    const visitor = new AppClient(t.ctx, { acceptLanguage: 'en-US,en;q=0.9' })
    const page = await visitor.get(link)
    expect(page.text).toContain('Accept invitation')
    expect(page.text).toContain('Department head')
    expect(page.text).toContain(h.organization.nameEn!)
    const short = await visitor.post(link, { name: 'Dr Smith', password: 'short' })
    expect(short.text).toContain('The password needs at least 10 characters.')
  })
})
