import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHIPPED_SURVEY_TEMPLATES } from '#app/domain/shipped-survey-templates.ts'
import type { InvitationStatus } from '#app/domain/survey-invitation.ts'
import { runningCampaignsFor } from '#app/services/survey-campaigns.server.ts'
import { listAuditEvents } from '#db/queries/audit.ts'
import { surveyCampaigns, surveyInvitations, surveyTemplates, surveyTemplateVersions } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

const clock = testClock(new Date('2026-11-20T02:00:00Z'))
let t: TestContext
let a: TestHospital
let b: TestHospital
/** Hospital A's own template with two versions (the campaign must pin version 2). */
let template: { id: string; v1: string; v2: string }

const CONTENT = SHIPPED_SURVEY_TEMPLATES.find((s) => s.key === 'quick_rating')!.content

async function insertTemplate(h: TestHospital, name: string) {
  const [row] = await t.ctx.db.insert(surveyTemplates).values({ organizationId: h.organization.id, name, nameEn: `${name} (en)` }).returning()
  const [v1] = await t.ctx.db.insert(surveyTemplateVersions).values({ organizationId: h.organization.id, templateId: row!.id, version: 1, content: CONTENT }).returning()
  const [v2] = await t.ctx.db.insert(surveyTemplateVersions).values({ organizationId: h.organization.id, templateId: row!.id, version: 2, content: CONTENT }).returning()
  return { id: row!.id, v1: v1!.id, v2: v2!.id }
}

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
  template = await insertTemplate(a, '出院回访问卷')
})
afterAll(() => t.close())

const campaigns = (h: TestHospital) => `/app/${h.organization.slug}/surveys/campaigns`

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

function main(html: string) {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'))
}

/** The new-campaign form as the page pre-fills it for discharges, with a name and template. */
function dischargeForm(name: string, overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    intent: 'create',
    name,
    templateId: template.id,
    trigger: 'discharge',
    channelPreference: 'sms_then_email',
    delayDays: '3',
    delayHours: '0',
    allowedFrom: '09:00',
    allowedUntil: '20:00',
    reminderDays: '2',
    reminderHours: '0',
    expiryDays: '7',
    expiryHours: '0',
    frequencyCapDays: '30',
    ...overrides,
  }
}

async function campaignsOf(h: TestHospital) {
  return t.ctx.db.select().from(surveyCampaigns).where(eq(surveyCampaigns.organizationId, h.organization.id))
}

async function createVia(client: AppClient, name: string, overrides: Record<string, string | string[]> = {}) {
  await client.get(campaigns(a))
  const res = await client.post(campaigns(a), dischargeForm(name, overrides))
  expect(res.status).toBe(302)
  return res.location!.split('/').pop()!.split('?')[0]!
}

async function auditOf(h: TestHospital, action: string) {
  const events = await listAuditEvents(t.ctx.db, { organizationId: h.organization.id, limit: 500 })
  return events.filter((e) => e.action === action)
}

async function insertInvitation(h: TestHospital, campaignId: string, templateVersionId: string, status: InvitationStatus, contact: { phone?: string; email?: string }) {
  await t.ctx.db.insert(surveyInvitations).values({
    organizationId: h.organization.id,
    campaignId,
    templateVersionId,
    locale: 'zh-CN',
    tokenHash: randomBytes(16).toString('hex'),
    status,
    phone: contact.phone ?? null,
    email: contact.email ?? null,
    sendAt: clock.now(),
    expiresAt: new Date(clock.now().getTime() + 7 * 86_400_000),
    ...(status !== 'scheduled' && { sentAt: clock.now(), channel: contact.phone ? ('sms' as const) : ('email' as const) }),
  })
}

describe('creating a campaign', () => {
  it('pre-fills the form with the discharge defaults and lists only non-archived templates', async () => {
    const archived = await insertTemplate(a, '已归档问卷')
    await t.ctx.db.update(surveyTemplates).set({ archivedAt: clock.now() }).where(eq(surveyTemplates.id, archived.id))
    const admin = await signedIn(a.users.admin.email)
    const page = await admin.get(campaigns(a))
    expect(page.status).toBe(200)
    const html = main(page.text)
    expect(html).toMatch(/name="delayDays"[^>]*value="3"/)
    expect(html).toMatch(/name="allowedFrom"[^>]*value="09:00"/)
    expect(html).toMatch(/name="reminderDays"[^>]*value="2"/)
    expect(html).toMatch(/name="expiryDays"[^>]*value="7"/)
    expect(html).toMatch(/name="frequencyCapDays"[^>]*value="30"/)
    expect(html).toContain('出院回访问卷')
    expect(html).not.toContain('已归档问卷')
  })

  it('creates a draft with the discharge defaults, pinned to the template’s latest version, and audits it', async () => {
    const ps = await signedIn(a.users.patient_service.email)
    const id = await createVia(ps, '出院患者满意度回访', { departmentIds: [a.departments.cardiology.id] })
    const [row] = await t.ctx.db.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, id))
    expect(row).toMatchObject({
      organizationId: a.organization.id,
      status: 'draft',
      trigger: 'discharge',
      templateId: template.id,
      templateVersionId: template.v2,
      delayMinutes: 4320,
      allowedFrom: '09:00',
      allowedUntil: '20:00',
      reminderAfterMinutes: 2 * 1440,
      expiryMinutes: 7 * 1440,
      frequencyCapDays: 30,
      departmentIds: [a.departments.cardiology.id],
      createdByUserId: a.users.patient_service.id,
    })
    expect((await auditOf(a, 'survey_campaign.created')).some((e) => e.entityId === id)).toBe(true)
    const page = await ps.get(`${campaigns(a)}/${id}`)
    expect(page.status).toBe(200)
    expect(main(page.text)).toContain('出院后 3 天发送，09:00–20:00 之间；2 天后提醒一次；7 天后失效；同一人 30 天内只调查一次。')
    expect(main(page.text)).toContain('心血管内科')
  })

  it('fills in the defaults of another trigger without JavaScript, keeping the name', async () => {
    const admin = await signedIn(a.users.admin.email)
    await admin.get(campaigns(a))
    const res = await admin.post(campaigns(a), dischargeForm('门诊回访', { intent: 'defaults', trigger: 'visit', delayDays: '9' }))
    expect(res.status).toBe(200)
    const html = main(res.text)
    expect(html).toMatch(/name="delayDays"[^>]*value="1"/)
    expect(html).toMatch(/name="name"[^>]*value="门诊回访"/)
    expect(html).toMatch(/<option value="visit" selected="">/)
  })

  it('refuses a reminder after the expiry and an empty sending window, in the reader’s language, saving nothing', async () => {
    const before = (await campaignsOf(a)).length
    const admin = await signedIn(a.users.admin.email)
    await admin.get(campaigns(a))
    const res = await admin.post(campaigns(a), dischargeForm('错误的活动', { reminderDays: '8', allowedUntil: '09:00' }))
    expect(res.status).toBe(400)
    const html = main(res.text)
    expect(html).toContain('提醒须在问卷失效之前发送，请延长有效期或提前提醒。')
    expect(html).toContain('允许发送时段的开始和结束时间不能相同。')
    expect(html).toMatch(/name="reminderDays"[^>]*value="8"/)
    expect(html).toMatch(/name="name"[^>]*value="错误的活动"/)

    const en = await signedIn(a.users.admin.email, { acceptLanguage: 'en' })
    await en.get(campaigns(a))
    const enRes = await en.post(campaigns(a), dischargeForm('Wrong', { reminderDays: '8' }))
    expect(enRes.status).toBe(400)
    expect(main(enRes.text)).toMatch(/reminder/i)
    expect(main(enRes.text)).not.toContain('提醒须在')
    expect((await campaignsOf(a)).length).toBe(before)
  })

  it('refuses another hospital’s template', async () => {
    const other = await insertTemplate(b, '乙院问卷')
    const admin = await signedIn(a.users.admin.email)
    await admin.get(campaigns(a))
    const res = await admin.post(campaigns(a), dischargeForm('借用模板', { templateId: other.id }))
    expect(res.status).toBe(400)
    expect(main(res.text)).toContain('请选择一个可用的问卷模板。')
  })
})

describe('starting, pausing and stopping', () => {
  it('starts, pauses, resumes and stops a campaign, auditing each change; a stopped one cannot start again', async () => {
    const admin = await signedIn(a.users.admin.email)
    const id = await createVia(admin, '生命周期测试')
    const page = `${campaigns(a)}/${id}`
    const statusOf = async () => (await t.ctx.db.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, id)))[0]!
    await admin.get(page)
    for (const to of ['running', 'paused', 'running', 'stopped'] as const) {
      const res = await admin.post(page, { intent: 'status', to })
      expect(res.status, to).toBe(302)
      expect((await statusOf()).status).toBe(to)
    }
    const row = await statusOf()
    expect(row.startedAt).not.toBeNull()
    expect(row.stoppedAt).not.toBeNull()
    const changes = (await auditOf(a, 'survey_campaign.status_changed')).filter((e) => e.entityId === id)
    expect(changes).toHaveLength(4)

    const again = await admin.post(page, { intent: 'status', to: 'running' })
    expect(again.status).toBe(409)
    expect(main(again.text)).toContain('已停止的活动不能再开始')
    expect((await statusOf()).status).toBe('stopped')
    expect(main((await admin.get(page)).text)).not.toMatch(/name="to"/)
  })

  it('edits settings only while the campaign is a draft', async () => {
    const admin = await signedIn(a.users.admin.email)
    const id = await createVia(admin, '草稿修改')
    const page = `${campaigns(a)}/${id}`
    await admin.get(page)
    const saved = await admin.post(page, dischargeForm('草稿修改', { intent: 'settings', delayDays: '1', delayHours: '6', noReminder: 'on' }))
    expect(saved.status).toBe(302)
    const [row] = await t.ctx.db.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, id))
    expect(row).toMatchObject({ delayMinutes: 30 * 60, reminderAfterMinutes: null })
    expect(main((await admin.get(page)).text)).toContain('出院后 1 天 6 小时发送')
    await admin.post(page, { intent: 'status', to: 'running' })
    const refused = await admin.post(page, dischargeForm('草稿修改', { intent: 'settings', delayDays: '5' }))
    expect(refused.status).toBe(409)
    expect((await t.ctx.db.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, id)))[0]!.delayMinutes).toBe(30 * 60)
  })
})

describe('the campaign page', () => {
  it('counts invitations per status, computes the response rate and masks recipients, with a status filter', async () => {
    const admin = await signedIn(a.users.admin.email)
    const id = await createVia(admin, '统计测试')
    await insertInvitation(a, id, template.v2, 'scheduled', { phone: '+8613812345678' })
    await insertInvitation(a, id, template.v2, 'sent', { phone: '+8613900001111' })
    await insertInvitation(a, id, template.v2, 'delivered', { email: 'zhang@example.com' })
    await insertInvitation(a, id, template.v2, 'completed', { phone: '+8613700002222' })
    await insertInvitation(a, id, template.v2, 'failed', { phone: '+8613600003333' })

    const html = main((await admin.get(`${campaigns(a)}/${id}`)).text)
    expect(html).toMatch(/data-count="scheduled"[^>]*>[\s\S]*?<dd>1<\/dd>/)
    expect(html).toMatch(/data-count="completed"[^>]*>[\s\S]*?<dd>1<\/dd>/)
    // completed 1 of sent-or-later 3 (sent, delivered, completed)
    expect(html).toMatch(/data-response-rate=""[^>]*>[\s\S]*?<dd>33.3%<\/dd>/)
    expect(html).toContain('138****5678')
    expect(html).toContain('z***@example.com')
    expect(html).not.toContain('13812345678')
    expect(html).not.toContain('zhang@')

    const filtered = main((await admin.get(`${campaigns(a)}/${id}?status=completed`)).text)
    expect(filtered).toContain('137****2222')
    expect(filtered).not.toContain('138****5678')

    const list = main((await admin.get(campaigns(a))).text)
    expect(list).toMatch(new RegExp(`data-campaign="${id}"[\\s\\S]*?共 5 份，已完成 1 份[\\s\\S]*?33.3%`))
  })
})

describe('who may see and change campaigns', () => {
  it('lets leadership see the list and a campaign but not create or change one', async () => {
    const admin = await signedIn(a.users.admin.email)
    const id = await createVia(admin, '领导可见')
    const leader = await signedIn(a.users.leadership.email)
    const list = await leader.get(campaigns(a))
    expect(list.status).toBe(200)
    expect(main(list.text)).toContain('领导可见')
    expect(main(list.text)).not.toContain('name="delayDays"')
    const page = await leader.get(`${campaigns(a)}/${id}`)
    expect(page.status).toBe(200)
    expect(main(page.text)).not.toMatch(/name="to"/)
    expect((await leader.post(campaigns(a), dischargeForm('领导创建'))).status).toBe(403)
    expect((await leader.post(`${campaigns(a)}/${id}`, { intent: 'status', to: 'running' })).status).toBe(403)
    const [row] = await t.ctx.db.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, id))
    expect(row!.status).toBe('draft')
  })

  it('keeps campaigns from staff and department heads', async () => {
    for (const role of ['staff', 'department_head'] as const) {
      const client = await signedIn(a.users[role].email)
      expect((await client.get(campaigns(a))).status).toBe(403)
    }
  })

  it('shows another hospital’s campaign as not found and does not change it', async () => {
    const adminA = await signedIn(a.users.admin.email)
    const id = await createVia(adminA, '甲院活动')
    const adminB = await signedIn(b.users.admin.email)
    expect((await adminB.get(`${campaigns(b)}/${id}`)).status).toBe(404)
    await adminB.get(campaigns(b))
    expect((await adminB.post(`${campaigns(b)}/${id}`, { intent: 'status', to: 'running' })).status).toBe(404)
    expect((await adminB.get(`${campaigns(b)}/not-a-uuid`)).status).toBe(404)
    const [row] = await t.ctx.db.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, id))
    expect(row!.status).toBe('draft')
  })
})

describe('runningCampaignsFor', () => {
  it('returns only the running campaigns of that trigger and hospital, with their settings', async () => {
    const admin = await signedIn(a.users.admin.email)
    const running = await createVia(admin, '运行中的出院回访')
    const draft = await createVia(admin, '草稿出院回访')
    const visit = await createVia(admin, '运行中的门诊回访', { trigger: 'visit' })
    const paused = await createVia(admin, '暂停的出院回访')
    for (const id of [running, visit, paused]) await admin.post(`${campaigns(a)}/${id}`, { intent: 'status', to: 'running' })
    await admin.post(`${campaigns(a)}/${paused}`, { intent: 'status', to: 'paused' })
    const otherTemplate = await insertTemplate(b, '乙院出院问卷')
    const [otherHospital] = await t.ctx.db
      .insert(surveyCampaigns)
      .values({ organizationId: b.organization.id, name: '乙院出院', templateId: otherTemplate.id, templateVersionId: otherTemplate.v2, trigger: 'discharge', channelPreference: 'sms', delayMinutes: 0, allowedFrom: '08:00', allowedUntil: '18:00', expiryMinutes: 60 * 24, frequencyCapDays: 0, status: 'running' })
      .returning()

    const found = await runningCampaignsFor(t.ctx.db, a.organization.id, 'discharge')
    const ids = found.map((c) => c.id)
    expect(ids).toContain(running)
    for (const id of [draft, visit, paused, otherHospital!.id]) expect(ids).not.toContain(id)
    expect(found.find((c) => c.id === running)).toMatchObject({
      templateVersionId: template.v2,
      departmentIds: [],
      settings: { trigger: 'discharge', channelPreference: 'sms_then_email', delayMinutes: 4320, allowedFrom: '09:00', allowedUntil: '20:00', reminderAfterMinutes: 2880, expiryMinutes: 10080, frequencyCapDays: 30 },
    })
    expect((await runningCampaignsFor(t.ctx.db, b.organization.id, 'discharge')).map((c) => c.id)).toEqual([otherHospital!.id])
    const visits = await runningCampaignsFor(t.ctx.db, a.organization.id, 'visit')
    expect(visits.map((c) => c.id)).toContain(visit)
  })
})
