import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClockKind, Milestone } from '#app/domain/sla.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { countUnreadNotifications } from '#app/services/notification-inbox.server.ts'
import { notifications } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

const clock = testClock(new Date('2026-11-20T02:00:00Z'))
const DUE = new Date('2026-11-30T02:00:00Z') // 11月30日 10:00 in Shanghai
let t: TestContext
let a: TestHospital
let b: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

async function complaint(h: TestHospital) {
  const result = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'complaint', channel: 'qr', touchpointId: h.touchpoint.id, text: '护士态度差', locale: 'zh-CN' })
  if (!result.ok) throw new Error(result.error)
  return { id: result.receipt.caseId!, number: result.receipt.number! }
}

let minute = 0
/** A notification as the escalation worker would write it; each one a minute newer than the last. */
async function notify(h: TestHospital, userId: string, caseId: string, milestone: Milestone, clockKind: ClockKind, extra: { departmentId?: string; readAt?: Date } = {}) {
  minute += 1
  const [row] = await t.ctx.db
    .insert(notifications)
    .values({ organizationId: h.organization.id, userId, caseId, milestone, clockKind, dueAt: DUE, createdAt: new Date(clock.now().getTime() + minute * 60_000), ...extra })
    .returning()
  return row!
}
const readAtOf = async (id: string) => (await t.ctx.db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, id)))[0]!.readAt

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}
const inbox = (h: TestHospital) => `/app/${h.organization.slug}/notifications`
const itemsOf = (html: string) => [...html.matchAll(/data-notification="([^"]+)" data-read="(true|false)"/g)].map((m) => ({ id: m[1]!, read: m[2] === 'true' }))

describe('the notification inbox', () => {
  it('lists only the user’s own notifications, newest first, in words with a link to the case', async () => {
    const c = await complaint(a)
    const ps = a.users.patient_service.id
    const warn = await notify(a, ps, c.id, 'warn', 'answer')
    const due = await notify(a, ps, c.id, 'due', 'first_contact')
    const overdue = await notify(a, ps, c.id, 'overdue', 'findings', { departmentId: a.departments.cardiology.id })
    const someoneElses = await notify(a, a.users.staff.id, c.id, 'warn', 'answer')

    const page = await (await signedIn(a.users.patient_service.email)).get(inbox(a))
    expect(page.status).toBe(200)
    expect(itemsOf(page.text)).toEqual([
      { id: overdue.id, read: false },
      { id: due.id, read: false },
      { id: warn.id, read: false },
    ])
    expect(page.text).not.toContain(someoneElses.id)
    expect(page.text).toMatch(new RegExp(`<a href="/app/${a.organization.slug}/cases/${c.id}"[^>]*>案件 ${c.number}</a>：`))
    expect(page.text).toContain('答复患者时限已过 75%（截止 11月30日 10:00）')
    expect(page.text).toContain('首次联系患者时限已到期（截止 11月30日 10:00）')
    expect(page.text).toContain('心血管内科提交调查意见时限已超期一个工作日（截止 11月30日 10:00）')
    expect(page.text).toContain('data-unread-count="3"')
    expect(await countUnreadNotifications(t.ctx, { organizationId: a.organization.id, userId: ps })).toBe(3)
  })

  it('marks one notification read, and the unread count goes down', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const c = await complaint(h)
    const me = h.users.department_head.id
    const first = await notify(h, me, c.id, 'warn', 'findings', { departmentId: h.departments.cardiology.id })
    const second = await notify(h, me, c.id, 'due', 'findings', { departmentId: h.departments.cardiology.id })
    const client = await signedIn(h.users.department_head.email)
    await client.get(inbox(h))

    const res = await client.post(inbox(h), { intent: 'read', notificationId: first.id })
    expect(res.status).toBe(303)
    expect(res.location).toBe(inbox(h))
    expect(await readAtOf(first.id)).toEqual(clock.now())
    expect(await readAtOf(second.id)).toBeNull()
    const page = await client.get(res.location!)
    expect(itemsOf(page.text)).toEqual([
      { id: second.id, read: false },
      { id: first.id, read: true },
    ])
    expect(page.text).toContain('data-unread-count="1"')
    expect(await countUnreadNotifications(t.ctx, { organizationId: h.organization.id, userId: me })).toBe(1)
  })

  it('marks all of the user’s notifications read and no one else’s', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const c = await complaint(h)
    const mine = [await notify(h, h.users.leadership.id, c.id, 'overdue', 'answer'), await notify(h, h.users.leadership.id, c.id, 'overdue', 'first_contact')]
    const theirs = await notify(h, h.users.patient_service.id, c.id, 'warn', 'answer')
    const client = await signedIn(h.users.leadership.email)
    await client.get(inbox(h))

    const res = await client.post(inbox(h), { intent: 'readAll' })
    expect(res.status).toBe(303)
    const rows = await t.ctx.db.select().from(notifications).where(inArray(notifications.id, mine.map((n) => n.id)))
    expect(rows.every((n) => n.readAt !== null)).toBe(true)
    expect(await readAtOf(theirs.id)).toBeNull()
    const page = await client.get(res.location!)
    expect(page.text).toContain('已将全部通知标为已读。')
    expect(page.text).toContain('没有未读通知。')
    expect(page.text).not.toContain('全部标为已读</button>')
  })

  it('does not let a user mark another user’s or another hospital’s notification', async () => {
    const c = await complaint(a)
    const colleagues = await notify(a, a.users.patient_service.id, c.id, 'due', 'answer')
    const cb = await complaint(b)
    const elsewhere = await notify(b, b.users.staff.id, cb.id, 'due', 'answer')
    const client = await signedIn(a.users.staff.email)
    await client.get(inbox(a))

    expect((await client.post(inbox(a), { intent: 'read', notificationId: colleagues.id })).status).toBe(404)
    expect((await client.post(inbox(a), { intent: 'read', notificationId: elsewhere.id })).status).toBe(404)
    expect((await client.post(inbox(a), { intent: 'read', notificationId: 'not-an-id' })).status).toBe(400)
    expect(await readAtOf(colleagues.id)).toBeNull()
    expect(await readAtOf(elsewhere.id)).toBeNull()
    // Another hospital's inbox does not exist for them.
    expect((await client.get(inbox(b))).status).toBe(404)
  })

  it('pages fifty at a time', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const c = await complaint(h)
    const rows = []
    for (let i = 0; i < 51; i++) rows.push(await notify(h, h.users.admin.id, c.id, 'warn', 'answer'))
    const client = await signedIn(h.users.admin.email)
    const first = await client.get(inbox(h))
    expect(itemsOf(first.text)).toHaveLength(50)
    expect(itemsOf(first.text)[0]!.id).toBe(rows[50]!.id)
    expect(first.text).toContain(`href="${inbox(h)}?page=2"`)
    const second = await client.get(`${inbox(h)}?page=2`)
    expect(itemsOf(second.text)).toEqual([{ id: rows[0]!.id, read: false }])
    expect(second.text).toContain('data-unread-count="51"')
    // Marking one read on the second page comes back to the second page.
    const res = await client.post(inbox(h), { intent: 'read', notificationId: rows[0]!.id, page: '2' })
    expect(res.location).toBe(`${inbox(h)}?page=2`)
    expect(await readAtOf(rows[0]!.id)).toEqual(clock.now())
  })

  it('speaks English', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const c = await complaint(h)
    await notify(h, h.users.patient_service.id, c.id, 'warn', 'answer')
    await notify(h, h.users.patient_service.id, c.id, 'overdue', 'findings', { departmentId: h.departments.radiology.id })
    const page = await (await signedIn(h.users.patient_service.email, { acceptLanguage: 'en' })).get(inbox(h))
    expect(page.text).toContain(`Case ${c.number}</a>: `)
    expect(page.text).toContain('75% of the time to answer the patient has passed (due Nov 30, 10:00)')
    expect(page.text).toContain('the time for Radiology to give its findings is one working day overdue (due Nov 30, 10:00)')
    expect(page.text).toContain('Mark all as read')
  })
})
