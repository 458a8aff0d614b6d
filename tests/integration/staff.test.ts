import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '#app/domain/roles.ts'
import { findMember } from '#db/queries/memberships.ts'
import { invitations, memberships } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'
import { auditEventsFor, invitationEmailTo, invitationPathFor, inviteThroughPage, newEmail } from '#tests/helpers/staff.ts'

let t: TestContext
let other: TestHospital

beforeAll(async () => {
  t = createTestContext()
  other = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

const staffUrl = (h: TestHospital) => `/app/${h.organization.slug}/admin/staff`
const memberUrl = (h: TestHospital, membershipId: string) => `${staffUrl(h)}/${membershipId}`

async function signedIn(h: TestHospital, role: Role = 'admin', ip?: string) {
  const client = new AppClient(t.ctx, ip ? { ip } : {})
  await client.signIn(h.users[role].email, TEST_PASSWORD)
  return client
}

async function membershipOf(h: TestHospital, membershipId: string) {
  return findMember(t.ctx.db, { organizationId: h.organization.id, membershipId })
}

/** Whether the department's checkbox in the page comes back ticked. */
function isChecked(html: string, departmentId: string) {
  const input = html.match(new RegExp(`<input[^>]*value="${departmentId}"[^>]*>`))
  if (!input) throw new Error(`no checkbox for ${departmentId}`)
  return /\schecked=""/.test(input[0])
}

async function activeAdminCount(h: TestHospital) {
  const rows = await t.ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, h.organization.id), eq(memberships.role, 'admin'), eq(memberships.active, true)))
  return rows.length
}

describe('staff list', () => {
  it('shows every member with role, department scope and status, and the pending invitations', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    await inviteThroughPage(admin, h, { email: newEmail(), name: '王护士长', role: 'department_head', departmentIds: [h.departments.radiology.id] })
    const page = await admin.get(staffUrl(h))
    expect(page.status).toBe(200)
    expect(page.text).toContain('人员与角色')
    expect(page.text).toContain(h.users.department_head.email)
    expect(page.text).toContain('科室负责人')
    expect(page.text).toContain('心血管内科')
    expect(page.text).toContain('全院')
    expect(page.text).toContain('待接受的邀请')
    expect(page.text).toContain('王护士长')
    expect(page.text).toContain('放射科')
  })

  it('lets hospital leadership read the list but shows them no invite form and no edit links', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const leadership = await signedIn(h, 'leadership')
    const page = await leadership.get(staffUrl(h))
    expect(page.status).toBe(200)
    expect(page.text).toContain(h.users.staff.email)
    expect(page.text).not.toContain('发送邀请')
    expect(page.text).not.toContain(`href="${memberUrl(h, h.users.staff.membershipId)}"`)
  })
})

describe('inviting staff', () => {
  it('queues an invitation email with a one-time link when an admin invites a department head', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    const email = newEmail('head')
    const res = await inviteThroughPage(admin, h, { email, name: '李主任', role: 'department_head', departmentIds: [h.departments.cardiology.id, h.departments.radiology.id] })
    expect(res.location).toContain(`${staffUrl(h)}?invited=`)

    const message = await invitationEmailTo(t.ctx, email)
    expect(message).toMatchObject({ channel: 'email', recipient: email, template: 'staff-invitation', organizationId: h.organization.id })
    expect(message!.text).toContain(`${t.ctx.config.publicUrl}/invite/`)
    expect(message!.html).toContain('/invite/')

    const [invitation] = await t.ctx.db.select().from(invitations).where(eq(invitations.email, email))
    expect(invitation).toMatchObject({ role: 'department_head', organizationId: h.organization.id })
    expect([...invitation!.departmentIds].sort()).toEqual([h.departments.cardiology.id, h.departments.radiology.id].sort())
    const path = await invitationPathFor(t.ctx, email)
    expect(invitation!.tokenHash).not.toContain(path.split('/').pop())

    const audit = await auditEventsFor(t.ctx, h, invitation!.id)
    expect(audit.map((e) => e.action)).toEqual(['invitation.created'])

    const page = await admin.get(res.location!)
    expect(page.text).toContain(`已为 ${email} 创建邀请`)
    expect(page.text).toContain('发件箱')
  })

  it('keeps everything typed when the email address is not valid', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    await admin.get(staffUrl(h))
    const res = await admin.post(staffUrl(h), { intent: 'invite', email: 'not-an-email', name: '赵医生', role: 'department_head', departmentIds: [h.departments.radiology.id] })
    expect(res.status).toBe(400)
    expect(res.text).toContain('请输入有效的电子邮箱地址')
    expect(res.text).toContain('role="alert"')
    expect(res.text).toContain('value="not-an-email"')
    expect(res.text).toContain('value="赵医生"')
    expect(res.text).toMatch(/<option value="department_head" selected="">/)
    expect(isChecked(res.text, h.departments.radiology.id)).toBe(true)
    expect(isChecked(res.text, h.departments.cardiology.id)).toBe(false)
  })

  it('asks for at least one department when inviting department staff, keeping what was typed', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    const email = newEmail()
    await admin.get(staffUrl(h))
    const res = await admin.post(staffUrl(h), { intent: 'invite', email, name: '钱护士', role: 'staff' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('科室负责人和科室人员至少需要选择一个科室')
    expect(res.text).toContain(`value="${email}"`)
    expect(res.text).toContain('value="钱护士"')
    expect(await invitationEmailTo(t.ctx, email)).toBeUndefined()
  })

  it('refuses a department of another hospital in the scope', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    await admin.get(staffUrl(h))
    const res = await admin.post(staffUrl(h), { intent: 'invite', email: newEmail(), name: '孙医生', role: 'staff', departmentIds: [other.departments.cardiology.id] })
    expect(res.status).toBe(400)
    expect(res.text).toContain('请选择本院启用中的科室')
  })

  it('ignores departments chosen for a hospital-wide role', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    const email = newEmail()
    await inviteThroughPage(admin, h, { email, name: '周院长', role: 'leadership', departmentIds: [h.departments.cardiology.id] })
    const [invitation] = await t.ctx.db.select().from(invitations).where(eq(invitations.email, email))
    expect(invitation!.departmentIds).toEqual([])
  })

  it('refuses to invite someone who is already staff of this hospital', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    await admin.get(staffUrl(h))
    const res = await admin.post(staffUrl(h), { intent: 'invite', email: h.users.staff.email.toUpperCase(), name: '重复', role: 'leadership' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('该邮箱已是本院人员')
    expect(await invitationEmailTo(t.ctx, h.users.staff.email)).toBeUndefined()
  })

  it('refuses a second invitation to the same email until the first one is revoked, and the revoked link stops working', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    const email = newEmail()
    await inviteThroughPage(admin, h, { email, name: '吴医生', role: 'patient_service' })
    const firstLink = await invitationPathFor(t.ctx, email)

    const again = await admin.post(staffUrl(h), { intent: 'invite', email, name: '吴医生', role: 'patient_service' })
    expect(again.status).toBe(400)
    expect(again.text).toContain('已向该邮箱发出邀请，尚未接受')
    expect(again.text).toContain(`value="${email}"`)

    const [pending] = await t.ctx.db.select().from(invitations).where(eq(invitations.email, email))
    const revoke = await admin.post(staffUrl(h), { intent: 'revoke', invitationId: pending!.id })
    expect(revoke.status).toBe(302)
    const page = await admin.get(revoke.location!)
    expect(page.text).toContain('邀请已撤销')
    expect((await auditEventsFor(t.ctx, h, pending!.id)).map((e) => e.action)).toEqual(['invitation.created', 'invitation.revoked'])
    expect((await new AppClient(t.ctx).get(firstLink)).status).toBe(404)

    await inviteThroughPage(admin, h, { email, name: '吴医生', role: 'patient_service' })
    expect(await invitationPathFor(t.ctx, email)).not.toBe(firstLink)
  })

  it('cannot revoke an invitation of another hospital', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const otherAdmin = await signedIn(other)
    const email = newEmail()
    await inviteThroughPage(otherAdmin, other, { email, name: '外院', role: 'leadership' })
    const [foreign] = await t.ctx.db.select().from(invitations).where(eq(invitations.email, email))
    const admin = await signedIn(h)
    await admin.get(staffUrl(h))
    const res = await admin.post(staffUrl(h), { intent: 'revoke', invitationId: foreign!.id })
    expect(res.status).toBe(400)
    expect(await t.ctx.db.select().from(invitations).where(eq(invitations.id, foreign!.id))).toHaveLength(1)
  })
})

describe('who may change staff', () => {
  it('gives every role but admin a 403 when posting to the staff pages, and changes nothing', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    for (const role of ['patient_service', 'department_head', 'staff', 'leadership'] as const) {
      const client = await signedIn(h, role)
      const email = newEmail(role)
      const invite = await client.post(staffUrl(h), { intent: 'invite', email, name: '越权', role: 'admin' })
      expect(invite.status, role).toBe(403)
      const promote = await client.post(memberUrl(h, h.users[role].membershipId), { intent: 'saveRole', role: 'admin' })
      expect(promote.status, role).toBe(403)
      const deactivate = await client.post(memberUrl(h, h.users.admin.membershipId), { intent: 'deactivate' })
      expect(deactivate.status, role).toBe(403)
      expect(await invitationEmailTo(t.ctx, email)).toBeUndefined()
    }
    expect((await membershipOf(h, h.users.admin.membershipId))!.membership.active).toBe(true)
    expect((await membershipOf(h, h.users.staff.membershipId))!.membership.role).toBe('staff')
  })

  it('gives roles without staff access a 403 for the staff page', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    for (const role of ['patient_service', 'department_head', 'staff'] as const) {
      const client = await signedIn(h, role)
      expect((await client.get(staffUrl(h))).status, role).toBe(403)
    }
  })

  it('gives 404 for a member of another hospital or an id that is not one', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    expect((await admin.get(memberUrl(h, other.users.staff.membershipId))).status).toBe(404)
    expect((await admin.get(memberUrl(h, 'not-a-uuid'))).status).toBe(404)
    const post = await admin.post(memberUrl(h, other.users.staff.membershipId), { intent: 'deactivate' })
    expect(post.status).toBe(404)
    const role = await admin.post(memberUrl(h, other.users.staff.membershipId), { intent: 'saveRole', role: 'admin' })
    expect(role.status).toBe(404)
    expect((await membershipOf(other, other.users.staff.membershipId))!.membership).toMatchObject({ active: true, role: 'staff' })
  })
})

describe('changing a member', () => {
  it('changes role and department scope and records both in the audit log', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    const url = memberUrl(h, h.users.staff.membershipId)
    const page = await admin.get(url)
    expect(page.status).toBe(200)
    expect(page.text).toContain(h.users.staff.email)

    const res = await admin.post(url, { intent: 'saveRole', role: 'department_head', departmentIds: [h.departments.radiology.id, h.departments.cardiology.id] })
    expect(res.status).toBe(302)
    expect((await admin.get(res.location!)).text).toContain('已保存')

    const member = await membershipOf(h, h.users.staff.membershipId)
    expect(member!.membership.role).toBe('department_head')
    expect([...member!.departmentIds].sort()).toEqual([h.departments.cardiology.id, h.departments.radiology.id].sort())

    const [event] = await auditEventsFor(t.ctx, h, h.users.staff.membershipId)
    expect(event).toMatchObject({ action: 'membership.updated', actorUserId: h.users.admin.id, entityType: 'membership' })
    expect(event!.before).toMatchObject({ role: 'staff', departmentIds: [h.departments.cardiology.id] })
    expect(event!.after).toMatchObject({ role: 'department_head' })
    expect((event!.after as { departmentIds: string[] }).departmentIds).toHaveLength(2)
  })

  it('clears the department scope when a member becomes hospital-wide, and requires one for department roles', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    const url = memberUrl(h, h.users.department_head.membershipId)
    await admin.get(url)
    const refused = await admin.post(url, { intent: 'saveRole', role: 'staff' })
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('科室负责人和科室人员至少需要选择一个科室')
    expect(refused.text).toMatch(/<option value="staff" selected="">/)

    const res = await admin.post(url, { intent: 'saveRole', role: 'patient_service', departmentIds: [h.departments.cardiology.id] })
    expect(res.status).toBe(302)
    const member = await membershipOf(h, h.users.department_head.membershipId)
    expect(member).toMatchObject({ membership: { role: 'patient_service' }, departmentIds: [] })
  })

  it('writes no audit event when nothing changed', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    const url = memberUrl(h, h.users.staff.membershipId)
    await admin.get(url)
    const res = await admin.post(url, { intent: 'saveRole', role: 'staff', departmentIds: [h.departments.cardiology.id] })
    expect(res.location).toContain('done=unchanged')
    expect(await auditEventsFor(t.ctx, h, h.users.staff.membershipId)).toHaveLength(0)
  })

  it('deactivates a member, who then gets 404 for the hospital’s pages, and reactivates them; both are audited', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    const staff = await signedIn(h, 'staff')
    const home = `/app/${h.organization.slug}`
    expect((await staff.get(home)).status).toBe(200)

    const url = memberUrl(h, h.users.staff.membershipId)
    await admin.get(url)
    const off = await admin.post(url, { intent: 'deactivate' })
    expect(off.status).toBe(302)
    expect((await admin.get(off.location!)).text).toContain('已停用')
    expect((await staff.get(home)).status).toBe(404)
    expect((await staff.get(`${home}/admin/departments`)).status).toBe(404)
    expect((await admin.get(staffUrl(h))).text).toContain('停用')

    const on = await admin.post(url, { intent: 'activate' })
    expect(on.status).toBe(302)
    expect((await staff.get(home)).status).toBe(200)

    const events = await auditEventsFor(t.ctx, h, h.users.staff.membershipId)
    expect(events.map((e) => e.action)).toEqual(['membership.deactivated', 'membership.activated'])
    expect(events[0]!.before).toMatchObject({ active: true })
    expect(events[0]!.after).toMatchObject({ active: false })
  })
})

describe('keeping an administrator', () => {
  it('refuses to demote or deactivate the hospital’s last active admin', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    const url = memberUrl(h, h.users.admin.membershipId)
    await admin.get(url)
    const demote = await admin.post(url, { intent: 'saveRole', role: 'leadership' })
    expect(demote.status).toBe(400)
    expect(demote.text).toContain('医院至少需要保留一名启用中的系统管理员')
    const deactivate = await admin.post(url, { intent: 'deactivate' })
    expect(deactivate.status).toBe(400)
    expect(deactivate.text).toContain('医院至少需要保留一名启用中的系统管理员')
    expect((await membershipOf(h, h.users.admin.membershipId))!.membership).toMatchObject({ role: 'admin', active: true })
    expect(await auditEventsFor(t.ctx, h, h.users.admin.membershipId)).toHaveLength(0)
  })

  it('does not let an admin remove their own admin role or deactivate themselves, even with another admin', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    await admin.get(memberUrl(h, h.users.patient_service.membershipId))
    expect((await admin.post(memberUrl(h, h.users.patient_service.membershipId), { intent: 'saveRole', role: 'admin' })).status).toBe(302)

    const url = memberUrl(h, h.users.admin.membershipId)
    const page = await admin.get(url)
    expect(page.text).toContain('这是您自己的账号')
    const demote = await admin.post(url, { intent: 'saveRole', role: 'staff', departmentIds: [h.departments.cardiology.id] })
    expect(demote.status).toBe(400)
    expect(demote.text).toContain('您不能取消自己的系统管理员角色')
    const deactivate = await admin.post(url, { intent: 'deactivate' })
    expect(deactivate.status).toBe(400)
    expect(deactivate.text).toContain('您不能停用自己的账号')
    expect(await activeAdminCount(h)).toBe(2)
  })

  it('lets an admin demote another admin', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const admin = await signedIn(h)
    const other = memberUrl(h, h.users.leadership.membershipId)
    await admin.get(other)
    expect((await admin.post(other, { intent: 'saveRole', role: 'admin' })).status).toBe(302)
    expect((await admin.post(other, { intent: 'saveRole', role: 'leadership' })).status).toBe(302)
    expect((await membershipOf(h, h.users.leadership.membershipId))!.membership.role).toBe('leadership')
  })

  it('keeps one admin when two admins demote each other at the same moment', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const first = await signedIn(h, 'admin', '203.0.113.21')
    await first.get(memberUrl(h, h.users.patient_service.membershipId))
    expect((await first.post(memberUrl(h, h.users.patient_service.membershipId), { intent: 'saveRole', role: 'admin' })).status).toBe(302)
    const second = await signedIn(h, 'patient_service', '203.0.113.22')
    await second.get(memberUrl(h, h.users.admin.membershipId))

    const [a, b] = await Promise.all([
      first.post(memberUrl(h, h.users.patient_service.membershipId), { intent: 'saveRole', role: 'leadership' }),
      second.post(memberUrl(h, h.users.admin.membershipId), { intent: 'deactivate' }),
    ])
    // The loser is refused by the last-admin rule, or with 403 if it was already demoted when it arrived.
    expect([a.status, b.status].filter((s) => s === 302)).toHaveLength(1)
    expect([a.status, b.status].filter((s) => s === 400 || s === 403)).toHaveLength(1)
    expect(await activeAdminCount(h)).toBe(1)
  })
})
