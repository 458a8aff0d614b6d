import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { respondToSurvey } from '#app/services/survey-response.server.ts'
import { surveyInvitationHistory, surveyInvitations, surveyResponses } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { mainOf, uniqueIp } from '#tests/helpers/patient.ts'
import { createSurveyInvitation, PAGED_SURVEY } from '#tests/helpers/surveys.ts'

const start = new Date('2026-11-20T03:00:00Z')
const clock = testClock(start)
let t: TestContext
let a: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

const respondent = (options: { acceptLanguage?: string } = {}) => new AppClient(t.ctx, { ip: uniqueIp(), ...options })
const invite = (options: Omit<Parameters<typeof createSurveyInvitation>[1], 'organizationId'> = {}) => createSurveyInvitation(t.ctx, { organizationId: a.organization.id, ...options })

async function invitationOf(id: string) {
  const [row] = await t.ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, id))
  return row!
}
const historyOf = (id: string) => t.ctx.db.select().from(surveyInvitationHistory).where(eq(surveyInvitationHistory.invitationId, id))
async function responseOf(invitationId: string) {
  const [row] = await t.ctx.db.select().from(surveyResponses).where(eq(surveyResponses.invitationId, invitationId))
  return row
}

/** Whether the page shows this radio or checkbox ticked. */
function checked(html: string, name: string, value: string) {
  const input = html.match(new RegExp(`<input[^>]*name="${name.replace('.', '\\.')}"[^>]*value="${value}"[^>]*>`))?.[0]
  return input !== undefined && / checked=""/.test(input)
}

describe('opening a survey link', () => {
  it('shows a kind 404 page for an unknown link, in Chinese or English', async () => {
    const res = await respondent().get('/s/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaa')
    expect(res.status).toBe(404)
    expect(mainOf(res.text)).toContain('此链接无效')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const en = await respondent({ acceptLanguage: 'en' }).get('/s/short')
    expect(en.status).toBe(404)
    expect(mainOf(en.text)).toContain('This link is not valid')
  })

  it('marks the invitation opened on the first view only, and shows the hospital and questions', async () => {
    const { token, invitation } = await invite()
    const client = respondent()
    const first = await client.get(`/s/${token}`)
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('no-store')
    expect(first.headers.get('referrer-policy')).toBe('same-origin')
    expect(first.text).toContain(`测试医院 ${a.organization.slug}`)
    const page = mainOf(first.text)
    expect(page).toContain('门诊患者满意度调查')
    expect(page).toContain('非常不满意')
    expect(page).toContain('非常满意')
    expect(page).toContain('10 = 非常可能')
    expect(page).toContain('name="wantsContact"')
    const opened = await invitationOf(invitation.id)
    expect(opened.status).toBe('opened')
    expect(opened.openedAt?.toISOString()).toBe(clock.now().toISOString())
    expect((await historyOf(invitation.id)).map((h) => h.status)).toEqual(['opened'])

    await client.get(`/s/${token}`)
    expect((await historyOf(invitation.id)).map((h) => h.status)).toEqual(['opened'])
  })

  it('offers the complaint checkbox only on questions that allow it', async () => {
    const { token } = await invite()
    const page = mainOf((await respondent().get(`/s/${token}`)).text)
    expect(page).toContain('name="comments.complaint"')
    expect(page).toContain('作为投诉处理，请医院联系我')
    expect(page).not.toContain('name="praise.complaint"')
    expect(page).not.toContain('name="doctor.complaint"')
  })

  it('shows the survey in English with ?lang=en, and an English invitation in English with a switch back', async () => {
    const { token } = await invite()
    const en = mainOf((await respondent().get(`/s/${token}?lang=en`)).text)
    expect(en).toContain('Outpatient satisfaction survey')
    expect(en).toContain('Very dissatisfied')
    expect(en).not.toContain('门诊患者满意度调查')
    const client = respondent()
    await client.get(`/s/${token}?lang=en`)
    const refused = await client.post(`/s/${token}?lang=en`, { intent: 'submit' })
    expect(refused.status).toBe(400)
    expect(mainOf(refused.text)).toContain('Please answer this question.')

    const english = await invite({ locale: 'en' })
    const res = await respondent().get(`/s/${english.token}`)
    expect(mainOf(res.text)).toContain('Did the doctor explain your condition patiently?')
    expect(res.text).toContain(`href="/s/${english.token}?lang=zh-CN"`)
  })
})

describe('a one-page survey', () => {
  it('refuses a submit without a required answer and keeps what was answered', async () => {
    const { token, invitation } = await invite()
    const client = respondent()
    await client.get(`/s/${token}`)
    const res = await client.post(`/s/${token}`, { intent: 'submit', recommend: '9', areas: ['signs', 'parking'], comments: '挂号窗口排队太久', wantsContact: 'on' })
    expect(res.status).toBe(400)
    const page = mainOf(res.text)
    expect(page).toContain('此题为必答题。')
    expect(checked(page, 'recommend', '9')).toBe(true)
    expect(checked(page, 'areas', 'signs')).toBe(true)
    expect(checked(page, 'areas', 'parking')).toBe(true)
    expect(checked(page, 'areas', 'toilets')).toBe(false)
    expect(checked(page, 'wantsContact', 'on')).toBe(true)
    expect(page).toContain('挂号窗口排队太久</textarea>')
    expect((await invitationOf(invitation.id)).status).toBe('opened')
    expect((await responseOf(invitation.id))?.completedAt).toBeNull()
  })

  it('completes on a valid submit, stores the coerced answers, thanks the respondent, and ignores a second submit', async () => {
    const { token, invitation } = await invite()
    const client = respondent()
    await client.get(`/s/${token}`)
    const res = await client.post(`/s/${token}`, { intent: 'submit', doctor: '4', recommend: '10', wait: 'short', areas: ['parking', 'signs'], comments: '  很好  ', praise: '', wantsContact: 'on' })
    expect(res.status).toBe(303)
    expect(res.location).toBe(`/s/${token}?done=1`)
    const response = await responseOf(invitation.id)
    expect(response?.completedAt?.toISOString()).toBe(clock.now().toISOString())
    expect(response?.wantsContact).toBe(true)
    expect(response?.answers).toEqual({
      doctor: { type: 'rating', value: 4 },
      recommend: { type: 'nps', value: 10 },
      wait: { type: 'single_choice', value: 'short' },
      areas: { type: 'multiple_choice', value: ['signs', 'parking'] },
      comments: { type: 'text', value: '很好' },
    })
    const completed = await invitationOf(invitation.id)
    expect(completed.status).toBe('completed')
    expect(completed.completedAt?.toISOString()).toBe(clock.now().toISOString())
    expect((await historyOf(invitation.id)).map((h) => h.status).sort()).toEqual(['completed', 'opened'])

    const thanks = await client.get(res.location!)
    expect(thanks.status).toBe(200)
    expect(mainOf(thanks.text)).toContain('感谢您的反馈')
    expect(mainOf(thanks.text)).not.toContain('name="doctor"')

    clock.advance(60_000)
    const again = await client.post(`/s/${token}`, { intent: 'submit', doctor: '1', wantsContact: '' })
    expect(again.status).toBe(303)
    const after = await responseOf(invitation.id)
    expect(after).toEqual(response)
    expect(await historyOf(invitation.id)).toHaveLength(2)
    const revisit = await client.get(`/s/${token}`)
    expect(mainOf(revisit.text)).toContain('您已完成此问卷，感谢您的反馈')
  })
})

describe('a paged survey', () => {
  it('saves answers page by page, goes back with them, and completes on the last page', async () => {
    const { token, invitation } = await invite({ content: PAGED_SURVEY })
    const client = respondent()
    const first = mainOf((await client.get(`/s/${token}`)).text)
    expect(first).toContain('第 1 题，共 3 题')
    expect(first).toContain('护士是否及时回应您的需要？')
    expect(first).not.toContain('您对医院膳食满意吗？')

    const next = await client.post(`/s/${token}`, { intent: 'next', page: '1', nurse: '5' })
    expect(next.status).toBe(303)
    expect(next.location).toBe(`/s/${token}?page=2`)
    const partial = await responseOf(invitation.id)
    expect(partial?.completedAt).toBeNull()
    expect(partial?.answers).toEqual({ nurse: { type: 'rating', value: 5 } })

    const second = mainOf((await client.get(next.location!)).text)
    expect(second).toContain('您对医院膳食满意吗？')
    const back = await client.post(`/s/${token}`, { intent: 'previous', page: '2', food: '3' })
    expect(back.location).toBe(`/s/${token}?page=1`)
    expect((await responseOf(invitation.id))?.answers).toEqual({ nurse: { type: 'rating', value: 5 }, food: { type: 'rating', value: 3 } })
    expect(checked(mainOf((await client.get(back.location!)).text), 'nurse', '5')).toBe(true)

    const last = mainOf((await client.get(`/s/${token}?page=3`)).text)
    expect(last).toContain('name="wantsContact"')
    const done = await client.post(`/s/${token}`, { intent: 'submit', page: '3', overall: '4' })
    expect(done.status).toBe(303)
    expect(done.location).toBe(`/s/${token}?done=1`)
    const response = await responseOf(invitation.id)
    expect(response?.completedAt).not.toBeNull()
    expect(response?.wantsContact).toBe(false)
    expect(response?.answers).toEqual({ nurse: { type: 'rating', value: 5 }, food: { type: 'rating', value: 3 }, overall: { type: 'rating', value: 4 } })
    expect((await invitationOf(invitation.id)).status).toBe('completed')
  })

  it('sends a final submit with a missing answer back to the first page with an error', async () => {
    const { token, invitation } = await invite({ content: PAGED_SURVEY })
    const client = respondent()
    await client.get(`/s/${token}?page=3`)
    const res = await client.post(`/s/${token}`, { intent: 'submit', page: '3', overall: '2' })
    expect(res.status).toBe(400)
    const page = mainOf(res.text)
    expect(page).toContain('第 1 题，共 3 题')
    expect(page).toContain('此题为必答题。')
    expect(page).toContain('name="page" value="1"')
    const saved = await responseOf(invitation.id)
    expect(saved?.completedAt).toBeNull()
    expect(saved?.answers).toEqual({ overall: { type: 'rating', value: 2 } })
  })
})

describe('an expired survey', () => {
  it('shows only the expired message once the clock passes the expiry, and stores nothing on a post', async () => {
    const { token, invitation } = await invite({ expiresAt: new Date(start.getTime() + 3600_000) })
    const client = respondent()
    expect((await client.get(`/s/${token}`)).status).toBe(200)
    clock.set(new Date(start.getTime() + 2 * 3600_000))
    try {
      const res = await client.get(`/s/${token}`)
      expect(res.status).toBe(410)
      expect(mainOf(res.text)).toContain('此问卷已过期，感谢您的关注')
      expect(mainOf(res.text)).not.toContain('name="doctor"')
      const post = await client.post(`/s/${token}`, { intent: 'submit', doctor: '5' })
      expect(post.status).toBe(303)
      expect(await responseOf(invitation.id)).toBeUndefined()
    } finally {
      clock.set(start)
    }
  })

  it('shows the expired message for an invitation marked expired', async () => {
    const { token, invitation } = await invite({ status: 'expired' })
    const res = await respondent().get(`/s/${token}`)
    expect(res.status).toBe(410)
    expect(mainOf(res.text)).toContain('此问卷已过期，感谢您的关注')
    expect(await historyOf(invitation.id)).toHaveLength(0)
  })
})

describe('completing a response', () => {
  it('returns the low-score findings for the closed loop', async () => {
    const { token, invitation } = await invite()
    const form = new FormData()
    form.set('intent', 'submit')
    form.set('doctor', '1')
    form.set('recommend', '8')
    form.set('comments', '医生态度恶劣')
    form.set('comments.complaint', 'on')
    form.set('wantsContact', 'on')
    const outcome = await respondToSurvey(t.ctx, token, form)
    expect(outcome.kind).toBe('completed')
    if (outcome.kind !== 'completed') return
    expect(outcome.invitationId).toBe(invitation.id)
    expect(outcome.organizationId).toBe(a.organization.id)
    expect(outcome.findings).toEqual([
      { questionId: 'doctor', dimension: 'doctor_communication', reason: 'low_rating', value: 1 },
      { questionId: 'comments', dimension: 'overall', reason: 'complaint_text', value: '医生态度恶劣' },
    ])
    expect((await responseOf(invitation.id))?.id).toBe(outcome.responseId)
  })
})
