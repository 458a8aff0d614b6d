import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHIPPED_TEMPLATE_KEYS } from '#app/domain/shipped-survey-templates.ts'
import { installShippedTemplates } from '#app/services/survey-templates.server.ts'
import { listAuditEvents } from '#db/queries/audit.ts'
import { surveyCampaigns, surveyTemplates, surveyTemplateVersions } from '#db/schema/index.ts'
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

const list = (h: TestHospital) => `/app/${h.organization.slug}/surveys/templates`
const editor = (h: TestHospital, id: string, query = '') => `${list(h)}/${id}${query}`

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

/** The rendered page content, without the loader data the hydration script repeats. */
function main(html: string) {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'))
}

async function templatesOf(h: TestHospital) {
  return t.ctx.db.select().from(surveyTemplates).where(eq(surveyTemplates.organizationId, h.organization.id)).orderBy(asc(surveyTemplates.createdAt))
}

async function versionsOf(templateId: string) {
  return t.ctx.db.select().from(surveyTemplateVersions).where(eq(surveyTemplateVersions.templateId, templateId)).orderBy(asc(surveyTemplateVersions.version))
}

async function latest(templateId: string) {
  const versions = await versionsOf(templateId)
  return versions.at(-1)!
}

async function auditOf(h: TestHospital, action: string) {
  const events = await listAuditEvents(t.ctx.db, { organizationId: h.organization.id, limit: 500 })
  return events.filter((e) => e.action === action)
}

async function createTemplate(client: AppClient, h: TestHospital, name = '出院随访问卷', nameEn = 'Discharge follow-up') {
  const res = await client.post(list(h), { intent: 'create', name, nameEn })
  expect(res.status).toBe(302)
  const id = res.location!.match(/templates\/([0-9a-f-]{36})/)![1]!
  return id
}

const ratingQuestion = { type: 'rating', dimension: 'nurse_communication', required: 'on', textZh: '您对护士的解释满意吗？', textEn: 'Were you satisfied with the nurses’ explanations?' }

describe('shipped templates', () => {
  it('gives a new hospital the five shipped templates as version 1', async () => {
    const templates = await templatesOf(a)
    expect(templates.map((x) => x.key).sort()).toEqual([...SHIPPED_TEMPLATE_KEYS].sort())
    for (const tpl of templates) expect((await versionsOf(tpl.id)).map((v) => v.version)).toEqual([1])
  })

  it('installs nothing twice, and the list page installs missing ones for older hospitals', async () => {
    await t.ctx.db.transaction((tx) => installShippedTemplates(tx, a.organization.id))
    expect(await templatesOf(a)).toHaveLength(5)
    await t.ctx.db.delete(surveyTemplates).where(and(eq(surveyTemplates.organizationId, b.organization.id), eq(surveyTemplates.key, 'staff')))
    expect(await templatesOf(b)).toHaveLength(4)
    const admin = await signedIn(b.users.admin.email)
    expect((await admin.get(list(b))).status).toBe(200)
    expect((await templatesOf(b)).map((x) => x.key)).toContain('staff')
  })
})

describe('the templates list', () => {
  it('shows names, question counts and versions to an administrator, with forms', async () => {
    const admin = await signedIn(a.users.admin.email)
    const page = await admin.get(list(a))
    expect(page.status).toBe(200)
    const html = main(page.text)
    expect(html).toContain('门诊患者满意度调查')
    expect(html).toContain('第 1 版')
    expect(html).toContain('未使用')
    expect(html).toContain('name="nameEn"')
    expect(html).toContain('value="archive"')
  })

  it('shows English names to an English reader', async () => {
    const admin = await signedIn(a.users.admin.email, { acceptLanguage: 'en' })
    const html = main((await admin.get(list(a))).text)
    expect(html).toContain('Outpatient satisfaction survey')
    expect(html).toContain('Version 1')
  })

  it('is read-only for leadership: no forms, and a POST is refused', async () => {
    const leadership = await signedIn(a.users.leadership.email)
    const page = await leadership.get(list(a))
    expect(page.status).toBe(200)
    expect(main(page.text)).not.toContain('method="post"')
    expect((await leadership.post(list(a), { intent: 'create', name: '领导问卷', nameEn: 'Leadership survey' })).status).toBe(403)
    const [tpl] = await templatesOf(a)
    expect((await leadership.post(editor(a, tpl!.id), { intent: 'removeQuestion', questionId: 'recommend' })).status).toBe(403)
    expect((await templatesOf(a)).some((x) => x.name === '领导问卷')).toBe(false)
  })

  it('archives and restores a template, audited', async () => {
    const admin = await signedIn(a.users.admin.email)
    const id = await createTemplate(admin, a, '待归档问卷', 'To archive')
    const res = await admin.post(list(a), { intent: 'archive', templateId: id })
    expect(res.status).toBe(302)
    const html = main((await admin.get(list(a))).text)
    expect(html).toMatch(new RegExp(`data-template="${id}" data-archived="true"`))
    await admin.post(list(a), { intent: 'unarchive', templateId: id })
    expect((await templatesOf(a)).find((x) => x.id === id)!.archivedAt).toBeNull()
    expect((await auditOf(a, 'survey_template.archived')).some((e) => e.entityId === id)).toBe(true)
    expect((await auditOf(a, 'survey_template.unarchived')).some((e) => e.entityId === id)).toBe(true)
  })
})

describe('creating and editing a template', () => {
  it('creates a template with one overall rating question, audited', async () => {
    const admin = await signedIn(a.users.admin.email)
    const id = await createTemplate(admin, a)
    const v = await latest(id)
    expect(v.version).toBe(1)
    expect(v.content.title).toEqual({ 'zh-CN': '出院随访问卷', en: 'Discharge follow-up' })
    expect(v.content.questions).toEqual([expect.objectContaining({ id: 'q1', type: 'rating', dimension: 'overall' })])
    expect((await auditOf(a, 'survey_template.created')).some((e) => e.entityId === id)).toBe(true)
    const page = await admin.get(editor(a, id, '?created=1'))
    expect(page.status).toBe(200)
    expect(main(page.text)).toContain('已创建模板“出院随访问卷”')
  })

  it('refuses a template without an English name and keeps what was typed', async () => {
    const admin = await signedIn(a.users.admin.email)
    const res = await admin.post(list(a), { intent: 'create', name: '只有中文', nameEn: ' ' })
    expect(res.status).toBe(400)
    expect(main(res.text)).toContain('请填写模板名称（英文）。')
    expect(main(res.text)).toContain('value="只有中文"')
  })

  it('adds, edits, moves and removes questions, updating version 1 in place', async () => {
    const admin = await signedIn(a.users.admin.email)
    const id = await createTemplate(admin, a)
    let res = await admin.post(editor(a, id), { intent: 'addQuestion', ...ratingQuestion })
    expect(res.status).toBe(302)
    res = await admin.post(editor(a, id), {
      intent: 'addQuestion',
      type: 'single_choice',
      dimension: 'process_waiting',
      textZh: '您等候了多久？',
      textEn: 'How long did you wait?',
      choices: '少于 30 分钟 | Under 30 minutes\n30–60 分钟 | 30–60 minutes\n超过 1 小时 | Over an hour',
    })
    expect(res.status).toBe(302)
    let v = await latest(id)
    expect(v.version).toBe(1)
    expect(v.content.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3'])
    const choice = v.content.questions[2]!
    expect(choice.type === 'single_choice' && choice.choices.map((c) => c.label.en)).toEqual(['Under 30 minutes', '30–60 minutes', 'Over an hour'])
    expect(choice.required).toBe(false)

    res = await admin.post(editor(a, id), { intent: 'editQuestion', questionId: 'q2', ...ratingQuestion, textZh: '您对护士的沟通满意吗？', required: '' })
    expect(res.status).toBe(302)
    expect(res.location).toContain('saved=1')
    v = await latest(id)
    expect(v.content.questions[1]).toMatchObject({ id: 'q2', required: false, text: { 'zh-CN': '您对护士的沟通满意吗？' } })

    await admin.post(editor(a, id), { intent: 'moveQuestion', questionId: 'q3', direction: 'up' })
    expect((await latest(id)).content.questions.map((q) => q.id)).toEqual(['q1', 'q3', 'q2'])
    await admin.post(editor(a, id), { intent: 'removeQuestion', questionId: 'q1' })
    expect((await latest(id)).content.questions.map((q) => q.id)).toEqual(['q3', 'q2'])
    // A removed question's id is not handed out again.
    await admin.post(editor(a, id), { intent: 'addQuestion', ...ratingQuestion })
    expect((await latest(id)).content.questions.map((q) => q.id)).toEqual(['q3', 'q2', 'q4'])

    res = await admin.post(editor(a, id), { intent: 'settings', titleZh: '新标题', titleEn: 'New title', introZh: '', introEn: '', paged: 'on' })
    expect(res.status).toBe(302)
    v = await latest(id)
    expect(v.content).toMatchObject({ title: { 'zh-CN': '新标题', en: 'New title' }, paged: true })
    expect(v.content.intro).toBeUndefined()
    expect(await versionsOf(id)).toHaveLength(1)

    const updates = (await auditOf(a, 'survey_template.updated')).filter((e) => e.entityId === id)
    expect(updates).toHaveLength(7)

    const page = main((await admin.get(editor(a, id))).text)
    expect(page.indexOf('data-question="q3"')).toBeLessThan(page.indexOf('data-question="q2"'))
    expect(page).toContain('少于 30 分钟')
  })

  it('refuses a question without English text or a choice question without choices, saving nothing', async () => {
    const admin = await signedIn(a.users.admin.email)
    const id = await createTemplate(admin, a)
    const before = await latest(id)
    let res = await admin.post(editor(a, id), { intent: 'addQuestion', ...ratingQuestion, textEn: '' })
    expect(res.status).toBe(400)
    expect(main(res.text)).toContain('请填写题目内容（中英文均需填写）。')
    expect(main(res.text)).toContain('您对护士的解释满意吗？')
    res = await admin.post(editor(a, id), { intent: 'addQuestion', ...ratingQuestion, type: 'multiple_choice', choices: '' })
    expect(res.status).toBe(400)
    expect(main(res.text)).toContain('选择题至少需要 2 个选项。')
    res = await admin.post(editor(a, id), { intent: 'addQuestion', ...ratingQuestion, type: 'single_choice', choices: '是 | Yes\n否' })
    expect(res.status).toBe(400)
    expect(main(res.text)).toContain('请填写选项内容（中英文均需填写）。')
    const english = await signedIn(a.users.admin.email, { acceptLanguage: 'en' })
    res = await english.post(editor(a, id), { intent: 'addQuestion', ...ratingQuestion, textEn: '' })
    expect(res.status).toBe(400)
    expect(main(res.text)).toContain('Enter the question')
    res = await admin.post(editor(a, id), { intent: 'removeQuestion', questionId: 'q1' })
    expect(res.status).toBe(400)
    expect(main(res.text)).toContain('问卷至少需要 1 道题。')
    expect(await latest(id)).toEqual(before)
  })

  it('refuses a title without English or help text in one language only, keeping what was typed', async () => {
    const admin = await signedIn(a.users.admin.email)
    const id = await createTemplate(admin, a)
    const before = await latest(id)
    let res = await admin.post(editor(a, id), { intent: 'settings', titleZh: '改过的标题', titleEn: '', introZh: '', introEn: '' })
    expect(res.status).toBe(400)
    expect(main(res.text)).toContain('请填写问卷标题（中英文均需填写）。')
    expect(main(res.text)).toContain('value="改过的标题"')
    res = await admin.post(editor(a, id), { intent: 'editQuestion', questionId: 'q1', ...ratingQuestion, helpZh: '只有中文说明' })
    expect(res.status).toBe(400)
    expect(main(res.text)).toContain('请同时填写中文和英文。')
    expect(main(res.text)).toContain('value="只有中文说明"')
    expect(await latest(id)).toEqual(before)
    expect((await auditOf(a, 'survey_template.updated')).some((e) => e.entityId === id)).toBe(false)
  })

  it('saves an edit of a version a campaign uses as a new version, leaving the old one as it was', async () => {
    const admin = await signedIn(a.users.admin.email)
    const id = await createTemplate(admin, a)
    const v1 = await latest(id)
    await t.ctx.db.insert(surveyCampaigns).values({
      organizationId: a.organization.id,
      name: '出院回访',
      templateId: id,
      templateVersionId: v1.id,
      trigger: 'discharge',
      channelPreference: 'sms',
      delayMinutes: 3 * 24 * 60,
      allowedFrom: '09:00',
      allowedUntil: '20:00',
      expiryMinutes: 7 * 24 * 60,
      frequencyCapDays: 30,
    })
    let page = main((await admin.get(editor(a, id))).text)
    expect(page).toContain('data-in-use="true"')
    const listPage = main((await admin.get(list(a))).text)
    expect(listPage).toMatch(new RegExp(`data-template="${id}"[^>]*data-used="true"`))

    const res = await admin.post(editor(a, id), { intent: 'addQuestion', ...ratingQuestion })
    expect(res.status).toBe(302)
    const versions = await versionsOf(id)
    expect(versions.map((v) => v.version)).toEqual([1, 2])
    expect(versions[0]).toEqual(v1)
    expect(versions[1]!.content.questions.map((q) => q.id)).toEqual(['q1', 'q2'])
    page = main((await admin.get(res.location!)).text)
    expect(page).toContain('已保存为第 2 版；进行中的调查仍使用第 1 版。')
    expect(page).not.toContain('data-in-use="true"')

    // Version 2 is not in use: the next edit changes it in place.
    await admin.post(editor(a, id), { intent: 'moveQuestion', questionId: 'q2', direction: 'up' })
    expect((await versionsOf(id)).map((v) => v.version)).toEqual([1, 2])
    const created = (await auditOf(a, 'survey_template.version_created')).filter((e) => e.entityId === id)
    expect(created).toHaveLength(1)
    expect(created[0]!.before).toMatchObject({ version: 1, questions: ['q1:rating'] })
    expect(created[0]!.after).toMatchObject({ version: 2, questions: ['q1:rating', 'q2:rating'] })
  })
})

describe('the preview', () => {
  it('renders the survey read-only in Chinese, and in English with ?lang=en', async () => {
    const admin = await signedIn(a.users.admin.email)
    const [outpatient] = (await templatesOf(a)).filter((x) => x.key === 'outpatient')
    let page = main((await admin.get(editor(a, outpatient!.id))).text)
    expect(page).toContain('data-preview-lang="zh-CN"')
    expect(page).toMatch(/<input[^>]*type="radio"[^>]*disabled=""/)
    expect(page).toContain('您对本次挂号（含预约挂号）的便捷程度满意吗？')
    page = main((await admin.get(editor(a, outpatient!.id, '?lang=en'))).text)
    expect(page).toContain('data-preview-lang="en"')
    expect(page).toContain('How satisfied are you with how easy it was to register or book your appointment?')
    expect(page).toContain('1 = very dissatisfied, 5 = very satisfied')
  })

  it('is visible to leadership without editing forms', async () => {
    const leadership = await signedIn(a.users.leadership.email)
    const [outpatient] = (await templatesOf(a)).filter((x) => x.key === 'outpatient')
    const res = await leadership.get(editor(a, outpatient!.id))
    expect(res.status).toBe(200)
    expect(main(res.text)).not.toContain('method="post"')
    expect(main(res.text)).toContain('data-preview-lang="zh-CN"')
  })
})

describe('tenancy', () => {
  it('answers 404 for another hospital’s template or a malformed id', async () => {
    const admin = await signedIn(a.users.admin.email)
    const [other] = await templatesOf(b)
    expect((await admin.get(editor(a, other!.id))).status).toBe(404)
    expect((await admin.post(editor(a, other!.id), { intent: 'removeQuestion', questionId: 'recommend' })).status).toBe(404)
    expect((await admin.post(list(a), { intent: 'archive', templateId: other!.id })).status).toBe(404)
    expect((await admin.get(editor(a, 'not-a-uuid'))).status).toBe(404)
    expect((await latest(other!.id)).version).toBe(1)
  })
})
