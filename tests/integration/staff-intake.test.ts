import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STAFF_CHANNELS } from '#app/domain/intake.ts'
import { hashToken } from '#app/lib/tokens.server.ts'
import { listAuditEvents } from '#db/queries/audit.ts'
import { cases, outboundMessages, submissions, trackingLinks } from '#db/schema/index.ts'
import { AppClient, type TestResponse } from '#tests/helpers/app-client.ts'
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

const newPage = (h: TestHospital) => `/app/${h.organization.slug}/intake/new`
const receiptPage = (h: TestHospital, submissionId: string) => `/app/${h.organization.slug}/intake/${submissionId}`

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

/** The rendered page content, without the loader data the hydration script repeats. */
function main(html: string) {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'))
}

/** Fills in and sends the intake form; expects the receipt to be rendered. */
async function enter(client: AppClient, h: TestHospital, form: Record<string, string>) {
  await client.get(newPage(h))
  const res = await client.post(newPage(h), { channel: 'phone', kind: 'complaint', text: '患者来电反映挂号窗口排队一小时无人疏导', ...form })
  expect(res.status, main(res.text).slice(0, 1500)).toBe(200)
  const id = res.text.match(/data-receipt="([0-9a-f-]{36})"/)?.[1]
  if (!id) throw new Error(`no receipt rendered: ${main(res.text).slice(0, 1500)}`)
  const [submission] = await t.ctx.db.select().from(submissions).where(eq(submissions.id, id))
  return { res, submission: submission! }
}

const trackingUrlIn = (res: TestResponse) => res.text.match(/data-tracking-url="true">([^<]+)</)?.[1]

/** The value of the checked radio button of a group, whatever the attribute order. */
function checkedRadio(html: string, name: string) {
  const inputs = html.match(/<input[^>]*type="radio"[^>]*>/g) ?? []
  const checked = inputs.find((i) => i.includes(`name="${name}"`) && i.includes('checked=""'))
  return checked?.match(/value="([^"]*)"/)?.[1]
}

describe('recording feedback received by staff', () => {
  it('records each of the six staff channels with the channel it came by', async () => {
    const service = await signedIn(a.users.patient_service.email)
    for (const channel of STAFF_CHANNELS) {
      const { res, submission } = await enter(service, a, { channel, kind: 'suggestion', text: `经由${channel}收到的建议` })
      expect(submission, channel).toMatchObject({ channel, kind: 'suggestion', organizationId: a.organization.id, enteredByUserId: a.users.patient_service.id })
      expect(main(res.text)).toContain(submission.number!)
    }
  })

  it('makes the staff member who entered a complaint its first responsible person, in state received, and shows the receipt', async () => {
    const staff = await signedIn(a.users.staff.email)
    const { res, submission } = await enter(staff, a, { channel: 'walk_in', category: 'process_waiting', departmentId: a.departments.radiology.id })
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.submissionId, submission.id))
    expect(row).toMatchObject({ status: 'received', firstResponsibleUserId: a.users.staff.id, ownerUserId: a.users.staff.id, firstResponsibleDepartmentId: null, category: 'process_waiting' })
    expect(submission.departmentId).toBe(a.departments.radiology.id)

    const page = main(res.text)
    expect(page).toContain(`已登记，编号 ${submission.number}。`)
    expect(page).toMatch(new RegExp(`首诉负责人</dt><dd data-first-responsible="true">staff ${a.organization.slug}</dd>`))
    expect(page).toContain('已受理登记')
    expect(page).toContain('现场来访')
    expect(page).toContain('答复期限')
    const url = trackingUrlIn(res)
    expect(url).toMatch(new RegExp(`^${t.ctx.config.publicUrl}/t/[\\w-]{43,}$`))
    const links = await t.ctx.db.select().from(trackingLinks).where(eq(trackingLinks.submissionId, submission.id))
    expect(links.map((l) => l.tokenHash)).toEqual([hashToken(url!.split('/t/')[1]!)])
  })

  it('queues the receipt SMS in the patient’s language when a mobile number is given', async () => {
    const head = await signedIn(a.users.department_head.email)
    const english = await enter(head, a, { channel: 'phone', contactPhone: '138 1234 5678', locale: 'en' })
    const chinese = await enter(head, a, { channel: 'letter', contactPhone: '13900001111' })
    const sms = await t.ctx.db
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.organizationId, a.organization.id), eq(outboundMessages.template, 'receipt'), eq(outboundMessages.channel, 'sms')))
    const en = sms.find((m) => m.text.includes(english.submission.number!))
    const zh = sms.find((m) => m.text.includes(chinese.submission.number!))
    expect(en).toMatchObject({ recipient: '+8613812345678' })
    expect(en!.text).toMatch(/we received your complaint/)
    expect(zh).toMatchObject({ recipient: '+8613900001111' })
    expect(zh!.text).toContain('已收到您的投诉')
    expect(english.submission.locale).toBe('en')
    // The receipt page shows the number masked.
    expect(main(english.res.text)).toContain('138****5678')
    expect(main(english.res.text)).not.toContain('13812345678')
  })

  it('credits praise to a named staff member of the hospital, and refuses one from another hospital', async () => {
    const service = await signedIn(a.users.patient_service.email)
    const { submission } = await enter(service, a, { channel: 'letter', kind: 'praise', text: '感谢心内科护士耐心照顾', departmentId: a.departments.cardiology.id, praisedUserId: a.users.staff.id })
    expect(submission).toMatchObject({ kind: 'praise', praisedUserId: a.users.staff.id, departmentId: a.departments.cardiology.id })
    expect(await t.ctx.db.select().from(cases).where(eq(cases.submissionId, submission.id))).toEqual([])

    const freeText = await enter(service, a, { channel: 'mailbox', kind: 'praise', text: '感谢保洁阿姨', praisedStaffName: '王阿姨' })
    expect(freeText.submission).toMatchObject({ praisedUserId: null, praisedStaffName: '王阿姨' })

    const foreign = await service.post(newPage(a), { channel: 'letter', kind: 'praise', text: '感谢', praisedUserId: b.users.staff.id })
    expect(foreign.status).toBe(400)
    expect(foreign.text).toContain('请从列表中选择本院一名在职人员')
  })

  it('says what is wrong in Chinese and keeps what was typed', async () => {
    const service = await signedIn(a.users.patient_service.email)
    await service.get(newPage(a))
    const before = await t.ctx.db.select().from(submissions).where(eq(submissions.organizationId, a.organization.id))
    const res = await service.post(newPage(a), { channel: 'hotline', kind: 'inquiry', text: '  ', contactName: '刘女士', contactPhone: '12345', category: 'costs', consentToContact: 'on' })
    expect(res.status).toBe(400)
    const page = main(res.text)
    expect(page).toContain('请更正以下错误后重试。')
    expect(page).toContain('请填写反馈内容')
    expect(page).toContain('请填写正确的 11 位手机号码')
    expect(page).toContain('value="刘女士"')
    expect(page).toContain('value="12345"')
    expect(checkedRadio(page, 'channel')).toBe('hotline')
    expect(checkedRadio(page, 'kind')).toBe('inquiry')
    expect(page).toMatch(/<option value="costs" selected="">/)
    expect(page).toMatch(/name="consentToContact" checked=""/)
    const after = await t.ctx.db.select().from(submissions).where(eq(submissions.organizationId, a.organization.id))
    expect(after.length).toBe(before.length)

    const noChannel = await service.post(newPage(a), { kind: 'complaint', text: '未选择渠道' })
    expect(noChannel.status).toBe(400)
    expect(main(noChannel.text)).toContain('请选择来源渠道')
    expect(main(noChannel.text)).toContain('未选择渠道</textarea>')
  })

  it('says what is wrong in English and keeps what was typed', async () => {
    const service = await signedIn(a.users.patient_service.email, { acceptLanguage: 'en-US,en;q=0.9' })
    await service.get(newPage(a))
    const res = await service.post(newPage(a), { channel: 'email', kind: 'complaint', text: '', contactEmail: 'not-an-email', contactName: 'Ms Liu', locale: 'en' })
    expect(res.status).toBe(400)
    const page = main(res.text)
    expect(page).toContain('Please correct the errors below and try again.')
    expect(page).toContain('Tell us what happened')
    expect(page).toContain('value="Ms Liu"')
    expect(page).toContain('value="not-an-email"')
    expect(checkedRadio(page, 'channel')).toBe('email')
    expect(page).toContain('Enter a valid email address')
    expect(page).toMatch(/<option value="en" selected="">/)
  })

  it('preselects the department of a department head or staff member', async () => {
    const staff = await signedIn(a.users.staff.email)
    const page = await staff.get(newPage(a))
    expect(page.status).toBe(200)
    expect(main(page.text)).toMatch(new RegExp(`<option value="${a.departments.cardiology.id}" selected="">`))
    const service = await signedIn(a.users.patient_service.email)
    expect(main((await service.get(newPage(a))).text)).not.toMatch(/<option value="[0-9a-f-]{36}" selected="">/)
  })

  it('writes an audit event naming who entered the submission', async () => {
    const staff = await signedIn(a.users.staff.email)
    const { submission } = await enter(staff, a, { channel: 'phone' })
    const events = await listAuditEvents(t.ctx.db, { organizationId: a.organization.id, limit: 500 })
    const entered = events.find((e) => e.action === 'submission.entered' && e.entityId === submission.id)
    expect(entered).toMatchObject({ actorEmail: a.users.staff.email, entityType: 'submission' })
    expect(entered!.after).toMatchObject({ number: submission.number, kind: 'complaint', channel: 'phone' })
  })
})

describe('who may record and see receipts', () => {
  it('refuses leadership, who change nothing', async () => {
    const leader = await signedIn(a.users.leadership.email)
    expect((await leader.get(newPage(a))).status).toBe(403)
    await leader.get(`/app/${a.organization.slug}`)
    const res = await leader.post(newPage(a), { channel: 'phone', kind: 'complaint', text: '领导不能登记' })
    expect(res.status).toBe(403)
    const rows = await t.ctx.db.select().from(submissions).where(eq(submissions.text, '领导不能登记'))
    expect(rows).toEqual([])
  })

  it('shows no receipt of another hospital', async () => {
    const serviceB = await signedIn(b.users.patient_service.email)
    const { submission } = await enter(serviceB, b, { channel: 'phone' })
    const serviceA = await signedIn(a.users.patient_service.email)
    expect((await serviceA.get(receiptPage(a, submission.id))).status).toBe(404)
    expect((await serviceA.post(receiptPage(a, submission.id), { intent: 'issueTrackingLink' })).status).toBe(404)
    expect((await serviceA.get(receiptPage(a, 'not-a-uuid'))).status).toBe(404)
    expect((await serviceA.get(receiptPage(b, submission.id))).status).toBe(404)
  })

  it('lets staff see only the receipts they entered, and patient service every one, with the phone masked and no tracking link', async () => {
    const staff = await signedIn(a.users.staff.email)
    const mine = await enter(staff, a, { channel: 'phone', contactPhone: '13712345678', contactEmail: 'liu@example.cn' })
    const service = await signedIn(a.users.patient_service.email)
    const theirs = await enter(service, a, { channel: 'phone' })

    expect((await staff.get(receiptPage(a, theirs.submission.id))).status).toBe(404)
    const own = await staff.get(receiptPage(a, mine.submission.id))
    expect(own.status).toBe(200)
    expect(main(own.text)).toContain(mine.submission.number!)
    expect(main(own.text)).toContain('137****5678')
    expect(main(own.text)).toContain('l***@example.cn')
    expect(own.text).not.toContain('13712345678')
    expect(own.text).not.toContain('/t/')

    const seen = await service.get(receiptPage(a, mine.submission.id))
    expect(seen.status).toBe(200)
    expect(main(seen.text)).toContain(`首诉负责人</dt><dd data-first-responsible="true">staff ${a.organization.slug}</dd>`)
  })

  it('hands over a fresh tracking link on the receipt page; the first one keeps working', async () => {
    const staff = await signedIn(a.users.staff.email)
    const { res, submission } = await enter(staff, a, { channel: 'phone' })
    const first = trackingUrlIn(res)!
    await staff.get(receiptPage(a, submission.id))
    const issued = await staff.post(receiptPage(a, submission.id), { intent: 'issueTrackingLink' })
    expect(issued.status).toBe(200)
    expect(main(issued.text)).toContain('已生成新的跟踪链接。')
    const second = trackingUrlIn(issued)!
    expect(second).toMatch(/\/t\/[\w-]{43,}$/)
    expect(second).not.toBe(first)
    const links = await t.ctx.db.select().from(trackingLinks).where(eq(trackingLinks.submissionId, submission.id))
    expect(links.map((l) => l.tokenHash).sort()).toEqual([first, second].map((u) => hashToken(u.split('/t/')[1]!)).sort())
    const events = await listAuditEvents(t.ctx.db, { organizationId: a.organization.id, limit: 500 })
    expect(events.some((e) => e.action === 'submission.tracking_link_issued' && e.entityId === submission.id && e.actorEmail === a.users.staff.email)).toBe(true)
  })
})
