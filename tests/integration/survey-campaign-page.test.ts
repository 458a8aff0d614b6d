import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InvitationStatus } from '#app/domain/survey-invitation.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { campaignActivityPerDay } from '#app/services/survey-campaign-report.server.ts'
import { resendFailedInvitations } from '#app/services/survey-resend.server.ts'
import { listAuditEvents } from '#db/queries/audit.ts'
import { surveyCampaigns, surveyInvitationHistory, surveyInvitations } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'
import { createSurveyInvitation } from '#tests/helpers/surveys.ts'

// 10:00 in Shanghai (the test hospitals' time zone).
const clock = testClock(new Date('2026-11-20T02:00:00Z'))
let t: TestContext
let a: TestHospital
let b: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

const pageOf = (h: TestHospital, campaignId: string) => `/app/${h.organization.slug}/surveys/campaigns/${campaignId}`
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'))

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

/** A running campaign of hospital A (with the helper's one sent invitation), started at `startedAt`. */
async function campaign(startedAt = clock.now()) {
  const made = await createSurveyInvitation(t.ctx, { organizationId: a.organization.id })
  await t.ctx.db.update(surveyCampaigns).set({ startedAt, createdAt: startedAt }).where(eq(surveyCampaigns.id, made.campaign.id))
  return made
}

type Made = Awaited<ReturnType<typeof campaign>>
interface InvitationFacts {
  status: InvitationStatus
  phone?: string
  email?: string
  sendAt?: Date
  sentAt?: Date
  openedAt?: Date
  completedAt?: Date
  lastError?: string
  attempts?: number
  queuedAt?: Date
}

async function insertInvitation(made: Made, facts: InvitationFacts) {
  const sendAt = facts.sendAt ?? facts.sentAt ?? clock.now()
  const [row] = await t.ctx.db
    .insert(surveyInvitations)
    .values({
      organizationId: made.campaign.organizationId,
      campaignId: made.campaign.id,
      templateVersionId: made.version.id,
      locale: 'zh-CN',
      tokenHash: randomBytes(16).toString('hex'),
      status: facts.status,
      phone: facts.phone ?? (facts.email ? null : '+8613812345678'),
      email: facts.email ?? null,
      channel: facts.email ? 'email' : 'sms',
      sendAt,
      sentAt: facts.sentAt ?? null,
      openedAt: facts.openedAt ?? null,
      completedAt: facts.completedAt ?? null,
      expiresAt: new Date(sendAt.getTime() + 7 * 86_400_000),
      lastError: facts.lastError ?? null,
      attempts: facts.attempts ?? 0,
      queuedAt: facts.queuedAt ?? null,
    })
    .returning()
  return row!
}

async function invitationOf(id: string) {
  const [row] = await t.ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, id))
  return row!
}

async function auditOf(h: TestHospital, action: string) {
  const events = await listAuditEvents(t.ctx.db, { organizationId: h.organization.id, limit: 500 })
  return events.filter((e) => e.action === action)
}

/** The chart table's figures for one day: [sent, opened, completed]. */
function dayFigures(html: string, day: string) {
  const row = html.match(new RegExp(`<tr data-day="${day}">([\\s\\S]*?)</tr>`))?.[1]
  if (!row) return null
  return ['sent', 'opened', 'completed'].map((s) => Number(row.match(new RegExp(`data-series="${s}">(\\d+)<`))?.[1]))
}

describe('the chart of invitations over time', () => {
  it('counts sent, opened and completed per day in the hospital’s time zone, as a table beside the chart', async () => {
    const made = await campaign(new Date('2026-11-17T01:00:00Z'))
    // The helper's invitation was sent "now" (2026-11-20 10:00 local).
    await insertInvitation(made, { status: 'completed', sentAt: new Date('2026-11-17T02:00:00Z'), openedAt: new Date('2026-11-18T03:00:00Z'), completedAt: new Date('2026-11-18T03:10:00Z') })
    // 23:30 on the 17th in Shanghai…
    await insertInvitation(made, { status: 'sent', sentAt: new Date('2026-11-17T15:30:00Z') })
    // …and 00:30 on the 18th.
    await insertInvitation(made, { status: 'opened', sentAt: new Date('2026-11-17T16:30:00Z'), openedAt: new Date('2026-11-20T01:00:00Z') })
    await insertInvitation(made, { status: 'scheduled', sendAt: new Date('2026-11-22T02:00:00Z') })

    const admin = await signedIn(a.users.admin.email)
    const res = await admin.get(pageOf(a, made.campaign.id))
    expect(res.status).toBe(200)
    const html = main(res.text)
    // recharts draws after hydration: the server reserves the chart's box; the table carries the figures.
    expect(html).toContain('data-campaign-chart')
    expect(html).toContain('每日发送、打开和完成')
    expect(dayFigures(html, '2026-11-16')).toBeNull()
    expect(dayFigures(html, '2026-11-17')).toEqual([2, 0, 0])
    expect(dayFigures(html, '2026-11-18')).toEqual([1, 1, 1])
    expect(dayFigures(html, '2026-11-19')).toEqual([0, 0, 0])
    expect(dayFigures(html, '2026-11-20')).toEqual([1, 1, 0])
    expect(dayFigures(html, '2026-11-21')).toBeNull()
    // The response rate is still there: 1 completed of 4 sent-or-later.
    expect(html).toMatch(/data-response-rate=""[^>]*>[\s\S]*?<dd>25%<\/dd>/)
  })

  it('shows at most the last 90 days of a long campaign, ending today', async () => {
    const made = await campaign(new Date('2026-03-01T01:00:00Z'))
    await insertInvitation(made, { status: 'sent', sentAt: new Date('2026-04-01T02:00:00Z') })
    const days = await campaignActivityPerDay(t.ctx, {
      organizationId: a.organization.id,
      campaign: { id: made.campaign.id, startedAt: new Date('2026-03-01T01:00:00Z'), createdAt: new Date('2026-03-01T01:00:00Z'), stoppedAt: null },
      timeZone: 'Asia/Shanghai',
    })
    expect(days).toHaveLength(90)
    expect(days.at(-1)).toEqual({ day: '2026-11-20', sent: 1, opened: 0, completed: 0 })
    expect(days[0]!.day).toBe('2026-08-23')
    expect(days.reduce((n, d) => n + d.sent, 0)).toBe(1)
  })
})

describe('the invitation list', () => {
  it('filters by status, channel and planned sending date, and pages through 50 at a time without JavaScript', async () => {
    const made = await campaign()
    for (let i = 0; i < 52; i++)
      await insertInvitation(made, { status: 'scheduled', phone: `+86139000${String(i).padStart(5, '0')}`, sendAt: new Date(`2026-11-25T02:${String(i).padStart(2, '0')}:00Z`) })
    for (const name of ['wang', 'li', 'zhao']) await insertInvitation(made, { status: 'failed', email: `${name}@example.com`, sendAt: new Date('2026-11-19T03:00:00Z') })
    const admin = await signedIn(a.users.admin.email)
    const page = pageOf(a, made.campaign.id)

    const all = main((await admin.get(page)).text)
    expect(all).toContain('data-invitation-total="56"')
    expect(all.match(/<tr data-invitation-status=/g)).toHaveLength(50)
    expect(all).not.toMatch(/139000\d{5}/)
    expect(all).toContain('139****0051')

    const scheduled = main((await admin.get(`${page}?status=scheduled`)).text)
    expect(scheduled).toContain('data-invitation-total="52"')
    expect(scheduled).toContain(`${page}?status=scheduled&amp;page=2"`)
    const second = main((await admin.get(`${page}?status=scheduled&page=2`)).text)
    expect(second.match(/<tr data-invitation-status="scheduled"/g)).toHaveLength(2)
    expect(second).toContain('第 2 页，共 2 页')

    const email = main((await admin.get(`${page}?channel=email`)).text)
    expect(email).toContain('data-invitation-total="3"')
    expect(email).toContain('w***@example.com')
    expect(email).not.toContain('wang@')

    // 2026-11-19 local: the three failed ones (sent 11:00 local) and not the helper's (11-20).
    const day = main((await admin.get(`${page}?from=2026-11-19&until=2026-11-19`)).text)
    expect(day).toContain('data-invitation-total="3"')
    const fromOnly = main((await admin.get(`${page}?from=2026-11-21`)).text)
    expect(fromOnly).toContain('data-invitation-total="52"')

    const nonsense = await admin.get(`${page}?status=lost&channel=fax&from=yesterday&page=x`)
    expect(nonsense.status).toBe(200)
    expect(main(nonsense.text)).toContain('data-invitation-total="56"')
  })
})

describe('re-sending failed invitations', () => {
  it('puts one failed invitation back as scheduled at the next allowed hour, with history and audit', async () => {
    const made = await campaign()
    const failed = await insertInvitation(made, {
      status: 'failed',
      lastError: 'twilio 21610: unsubscribed recipient',
      attempts: 5,
      queuedAt: new Date('2026-11-19T03:00:00Z'),
      sendAt: new Date('2026-11-19T03:00:00Z'),
    })
    const other = await insertInvitation(made, { status: 'failed', lastError: 'smtp 550' })
    // 21:30 in Shanghai: after the 09:00–20:00 window, so it goes at 09:00 tomorrow.
    clock.set(new Date('2026-11-20T13:30:00Z'))
    try {
      const admin = await signedIn(a.users.patient_service.email)
      const page = pageOf(a, made.campaign.id)
      const html = main((await admin.get(page)).text)
      expect(html).toMatch(new RegExp(`name="invitationId" value="${failed.id}"`))
      expect(html).toContain('重新发送全部失败的邀请（2 份）')

      const res = await admin.post(page, { intent: 'resend', invitationId: failed.id })
      expect(res.status).toBe(302)
      expect(res.location).toContain('resent=1')
      const row = await invitationOf(failed.id)
      expect(row).toMatchObject({ status: 'scheduled', attempts: 0, queuedAt: null, lastError: null, reminderSentAt: null })
      expect(row.sendAt.toISOString()).toBe('2026-11-21T01:00:00.000Z')
      expect(row.expiresAt.toISOString()).toBe('2026-11-28T01:00:00.000Z')
      expect(row.reminderAt?.toISOString()).toBe('2026-11-23T01:00:00.000Z')
      const history = await t.ctx.db
        .select()
        .from(surveyInvitationHistory)
        .where(and(eq(surveyInvitationHistory.invitationId, failed.id), eq(surveyInvitationHistory.status, 'scheduled')))
      expect(history).toHaveLength(1)
      expect(history[0]!.detail).toMatchObject({ resent: true, lastError: 'twilio 21610: unsubscribed recipient', attempts: 5, byUserId: a.users.patient_service.id })
      expect((await invitationOf(other.id)).status).toBe('failed')
      const audits = (await auditOf(a, 'survey_campaign.invitations_resent')).filter((e) => e.entityId === made.campaign.id)
      expect(audits).toHaveLength(1)
      expect(main((await admin.get(res.location!)).text)).toContain('已安排重新发送 1 份邀请')

      // The same one again: nothing failed any more.
      const again = await admin.post(page, { intent: 'resend', invitationId: failed.id })
      expect(again.status).toBe(409)
      expect(main(again.text)).toContain('没有发送失败的邀请可重新发送')
    } finally {
      clock.set(new Date('2026-11-20T02:00:00Z'))
    }
  })

  it('re-sends every failed invitation of the campaign and asks the sweep to run', async () => {
    const made = await campaign()
    const failed = [await insertInvitation(made, { status: 'failed' }), await insertInvitation(made, { status: 'failed' })]
    const delivered = await insertInvitation(made, { status: 'delivered', sentAt: clock.now() })
    const enqueued: string[] = []
    // The real queue, recording what was asked of it.
    const ctx: AppContext = { ...t.ctx, jobs: { ...t.ctx.jobs, enqueue: async (job, payload, opts) => (enqueued.push(job), t.ctx.jobs.enqueue(job, payload, opts)) } }
    const result = await resendFailedInvitations(ctx, { organizationId: a.organization.id, actorUserId: a.users.admin.id, timeZone: 'Asia/Shanghai' }, made.campaign.id, { intent: 'resendAll' })
    expect(result).toEqual({ ok: true, count: 2, campaignStatus: 'running' })
    for (const f of failed) {
      const row = await invitationOf(f.id)
      expect(row.status).toBe('scheduled')
      // 10:00 local is inside the window: right away.
      expect(row.sendAt.toISOString()).toBe(clock.now().toISOString())
    }
    expect((await invitationOf(delivered.id)).status).toBe('delivered')
    expect(enqueued).toEqual(['sweepSurveyInvitations'])
  })

  it('re-schedules while the campaign is paused, saying it goes out on resume, and refuses once it is stopped', async () => {
    const made = await campaign()
    const first = await insertInvitation(made, { status: 'failed' })
    const second = await insertInvitation(made, { status: 'failed' })
    const admin = await signedIn(a.users.admin.email)
    const page = pageOf(a, made.campaign.id)
    await admin.get(page)
    expect((await admin.post(page, { intent: 'status', to: 'paused' })).status).toBe(302)
    const paused = await admin.post(page, { intent: 'resend', invitationId: first.id })
    expect(paused.status).toBe(302)
    expect(main((await admin.get(paused.location!)).text)).toContain('活动恢复后发出')
    expect((await invitationOf(first.id)).status).toBe('scheduled')

    expect((await admin.post(page, { intent: 'status', to: 'stopped' })).status).toBe(302)
    const html = main((await admin.get(page)).text)
    expect(html).not.toContain('name="invitationId"')
    const refused = await admin.post(page, { intent: 'resendAll' })
    expect(refused.status).toBe(409)
    expect(main(refused.text)).toContain('活动已停止，不能重新发送邀请。')
    expect((await invitationOf(second.id)).status).toBe('failed')

    const en = await signedIn(a.users.admin.email, { acceptLanguage: 'en' })
    await en.get(page)
    const refusedEn = await en.post(page, { intent: 'resend', invitationId: second.id })
    expect(refusedEn.status).toBe(409)
    expect(main(refusedEn.text)).toContain('The campaign is stopped; invitations cannot be re-sent.')
  })
})

describe('who may see the page and re-send', () => {
  it('lets leadership see figures and the list but not re-send; keeps staff out; hides it from other hospitals', async () => {
    const made = await campaign()
    const failed = await insertInvitation(made, { status: 'failed' })
    const page = pageOf(a, made.campaign.id)

    const leader = await signedIn(a.users.leadership.email)
    const view = await leader.get(page)
    expect(view.status).toBe(200)
    expect(main(view.text)).toContain('data-chart-table')
    expect(main(view.text)).not.toContain('name="invitationId"')
    expect(main(view.text)).not.toContain('value="resendAll"')
    expect((await leader.post(page, { intent: 'resend', invitationId: failed.id })).status).toBe(403)
    expect((await leader.post(page, { intent: 'resendAll' })).status).toBe(403)

    for (const role of ['staff', 'department_head'] as const) {
      const client = await signedIn(a.users[role].email)
      expect((await client.get(page)).status).toBe(403)
    }

    const other = await signedIn(b.users.admin.email)
    expect((await other.get(pageOf(b, made.campaign.id))).status).toBe(404)
    await other.get(`/app/${b.organization.slug}/surveys/campaigns`)
    expect((await other.post(pageOf(b, made.campaign.id), { intent: 'resendAll' })).status).toBe(404)
    expect((await invitationOf(failed.id)).status).toBe('failed')
  })
})
