import { expect, test, type Browser, type Page } from '@playwright/test'
import { SHIPPED_SURVEY_TEMPLATES } from '#app/domain/shipped-survey-templates.ts'
import { DEMO_USERS, fill, HOSPITAL_PATH, messages, outboxSmsTo, signIn, type OutboxSms } from './support.ts'

/**
 * The follow-up survey loop end to end (issue 5, DESIGN.md §4): an admin builds a discharge
 * campaign and imports today's discharges by CSV; the worker inside the server
 * sends the invitations by SMS (written to the test server's outbox, there is no Twilio); a
 * patient answers on a phone with JavaScript off, with the lowest scores and consent to be
 * contacted; and patient service finds the complaint case the low score opened.
 */

const m = messages('zh-CN')
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
/** The demo hospital (app/services/demo-hospital.server.ts): its time zone, and departments no other spec's head looks at. */
const HOSPITAL_TIME_ZONE = 'Asia/Shanghai'
const DEPARTMENTS = ['骨科', '眼科', '普通外科']
const TEMPLATE = SHIPPED_SURVEY_TEMPLATES.find((t) => t.key === 'inpatient')!.content

/** Unique per run: the e2e database is shared by every spec of the run. */
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const CAMPAIGN = `出院回访 e2e ${run}`
/** Mainland mobiles unique to this run (139 + 8 digits). */
const base = (Date.now() % 90_000_000) + 10_000_000
const PATIENTS = DEPARTMENTS.map((department, i) => ({
  name: `测试患者${i + 1}`,
  mobile: `139${String(base + i * 7919).slice(-8)}`,
  department,
  admission: `ZY${run}${i}`,
}))
const e164 = (mobile: string) => `+86${mobile}`

/** Local wall-clock time in the hospital as the importer reads it (2026-03-01 14:30). */
function hospitalTime(at: Date) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: HOSPITAL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(at)
}

async function staffPage(browser: Browser, email: string) {
  const context = await browser.newContext({ locale: 'zh-CN' })
  const page = await context.newPage()
  await signIn(page, email)
  return page
}

/** The new-campaign form: inpatient satisfaction on discharge, SMS only, right away, at any hour; then started. */
async function createAndStartCampaign(page: Page) {
  await page.goto(`${HOSPITAL_PATH}/surveys/campaigns`)
  const f = m.surveys.campaigns.form
  const form = page.getByRole('form', { name: f.newTitle })
  await form.getByLabel(f.name, { exact: true }).fill(CAMPAIGN)
  await form.getByLabel(f.template, { exact: true }).selectOption({ label: TEMPLATE.title['zh-CN'] })
  await form.getByLabel(f.trigger, { exact: true }).selectOption({ label: m.surveys.campaigns.triggers.discharge })
  await form.getByLabel(f.channel, { exact: true }).selectOption({ label: m.surveys.campaigns.channels.sms })
  await form.locator('input[name="delayDays"]').fill('0')
  await form.locator('input[name="delayHours"]').fill('0')
  await form.getByLabel(f.allowedFrom, { exact: true }).fill('00:00')
  await form.getByLabel(f.allowedUntil, { exact: true }).fill('23:59')
  await form.getByRole('button', { name: f.create, exact: true }).click()

  await expect(page).toHaveURL(/\/surveys\/campaigns\/[0-9a-f-]{36}\?created=1$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(CAMPAIGN)
  await expect(page.locator('[data-campaign-status]')).toHaveAttribute('data-campaign-status', 'draft')
  await page.locator('[data-campaign-actions]').getByRole('button', { name: m.surveys.campaigns.actions.start, exact: true }).click()
  await expect(page).toHaveURL(/\?changed=running$/)
  await expect(page.locator('[data-campaign-status]')).toHaveText(m.surveys.campaigns.statuses.running)
  await expect(page.locator('[data-campaign-status]')).toHaveAttribute('data-campaign-status', 'running')
}

/**
 * Upload → column mapping → preview → import. The phone column's header is one the importer
 * does not guess, so the admin maps it by hand.
 */
async function importDischarges(page: Page) {
  const e = m.surveys.events
  const dischargedAt = hospitalTime(new Date(Date.now() - 60_000))
  const csv = [
    ['住院号', '姓名', 'Mobile No.', '科室', '出院时间', '语言'],
    ...PATIENTS.map((p) => [p.admission, p.name, p.mobile, p.department, dischargedAt, 'zh-CN']),
  ]
    .map((row) => row.join(','))
    .join('\r\n')
  await page.goto(`${HOSPITAL_PATH}/surveys/events`)
  const upload = page.getByRole('form', { name: e.upload.title })
  await upload.getByLabel(e.upload.file, { exact: true }).setInputFiles({ name: `出院名单-${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
  await upload.getByRole('button', { name: e.upload.submit, exact: true }).click()
  await expect(page).toHaveURL(/\/surveys\/events\/imports\/[0-9a-f-]{36}$/)
  await expect(page.locator('[data-import-status]')).toHaveAttribute('data-import-status', 'previewed')

  // The unguessed phone column: the preview counts every row as missing a contact until it is mapped.
  await expect(page.getByText(fill(e.preview.summary, { total: PATIENTS.length, valid: 0, errors: PATIENTS.length }))).toBeVisible()
  const mapping = page.getByRole('form', { name: e.mapping.title })
  await expect(mapping.getByLabel(e.fields.department, { exact: true })).toHaveValue('3')
  await mapping.getByLabel(e.fields.phone, { exact: true }).selectOption({ label: 'Mobile No.' })
  await mapping.getByLabel(e.mapping.fixedType, { exact: true }).selectOption({ label: e.types.discharge })
  await mapping.getByRole('button', { name: e.mapping.save, exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: e.mapping.saved })).toBeVisible()

  await expect(page.getByText(fill(e.preview.summary, { total: PATIENTS.length, valid: PATIENTS.length, errors: 0 }))).toBeVisible()
  await expect(page.getByText(e.preview.noErrors)).toBeVisible()
  for (const p of PATIENTS) await expect(page.getByRole('row').filter({ hasText: p.admission })).toContainText(p.department)
  await page.getByRole('button', { name: fill(e.preview.importButton, { count: PATIENTS.length }), exact: true }).click()
  await expect(page.locator('[data-import-status]')).toHaveAttribute('data-import-status', 'imported')
  await expect(page.locator('[data-imported]')).toHaveAttribute('data-imported', String(PATIENTS.length))
}

/** Waits for the worker (sweep every 30 s) to send every patient their invitation SMS; one each. */
async function waitForInvitations(): Promise<Map<string, OutboxSms>> {
  const invitation = /^survey-[0-9a-f-]{36}-invitation\.sms\.json$/
  await expect
    .poll(async () => (await Promise.all(PATIENTS.map(async (p) => (await outboxSmsTo(e164(p.mobile), invitation)).length))).join(','), {
      message: `an invitation SMS to each of ${PATIENTS.map((p) => p.mobile).join(', ')} in the outbox`,
      timeout: 100_000,
      intervals: [1_000, 2_000],
    })
    .toBe(PATIENTS.map(() => 1).join(','))
  const sent = new Map<string, OutboxSms>()
  for (const p of PATIENTS) sent.set(p.mobile, (await outboxSmsTo(e164(p.mobile), invitation))[0]!)
  return sent
}

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }))
  expect(scrollWidth, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(clientWidth)
}

/**
 * The patient's phone, JavaScript off: one question per page, the lowest answer on every
 * required scale (1 of 5, 0 of 10), optional ones skipped, consent to be contacted, submit.
 */
async function answerWithLowestScores(browser: Browser, link: string) {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', javaScriptEnabled: false })
  const page = await context.newPage()
  const p = m.surveys.page
  await page.goto(link)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TEMPLATE.title['zh-CN'])
  const count = TEMPLATE.questions.length
  for (let at = 1; at <= count; at++) {
    await expect(page.getByText(fill(p.progress, { page: at, count }))).toBeVisible()
    await expectNoHorizontalScroll(page)
    const question = TEMPLATE.questions[at - 1]!
    const shown = page.locator(`[data-question="${question.id}"]`)
    await expect(shown).toBeVisible()
    if (question.required && question.type === 'rating') await shown.getByRole('radio', { name: `1 ${p.ratings['1']}`, exact: true }).check()
    if (question.required && question.type === 'nps') await shown.getByRole('radio', { name: '0', exact: true }).check()
    if (at < count) {
      await page.getByRole('button', { name: p.next, exact: true }).click()
      await expect(page).toHaveURL(new RegExp(`[?&]page=${at + 1}(&|$)`))
    }
  }
  await page.getByRole('checkbox', { name: p.wantsContact, exact: true }).check()
  await page.getByRole('button', { name: p.submit, exact: true }).click()
  await expect(page).toHaveURL(/\/s\/[\w-]+\?done=1$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(p.thanksTitle)
  await expect(page.getByText(p.thanksBody)).toBeVisible()
  await expectNoHorizontalScroll(page)
  await context.close()
}

test.describe('follow-up survey campaign (zh-CN)', () => {
  test.use({ locale: 'zh-CN' })

  test('an admin builds a discharge campaign and imports discharges, the worker texts the link, a low score on a phone without JavaScript opens a complaint case', async ({ browser }) => {
    test.setTimeout(240_000)

    // 1–2. The admin: a running campaign, then today's discharges by CSV.
    const admin = await staffPage(browser, DEMO_USERS.admin)
    await createAndStartCampaign(admin)
    await importDischarges(admin)

    // 3. The worker sends: one invitation SMS per patient, with the link and the opt-out hint.
    const sent = await waitForInvitations()
    const patient = PATIENTS[0]!
    const sms = sent.get(patient.mobile)!
    expect(sms.body).toMatch(/回复TD退订$/)
    const link = /https?:\/\/[^\s]+\/s\/[\w-]{20,}/.exec(sms.body)?.[0]
    expect(link, `a survey link in “${sms.body}”`).toBeTruthy()
    expect(new Set([...sent.values()].map((s) => /\/s\/[\w-]+/.exec(s.body)?.[0])).size, 'each patient gets a link of their own').toBe(PATIENTS.length)

    // 4. The patient answers on a phone with JavaScript off.
    await answerWithLowestScores(browser, link!)

    // The link is now used up: opening it again says so kindly.
    const again = await browser.newContext({ ...PHONE, locale: 'zh-CN', javaScriptEnabled: false })
    const againPage = await again.newPage()
    await againPage.goto(link!)
    await expect(againPage.getByRole('heading', { level: 1 })).toHaveText(m.surveys.page.completedTitle)
    await again.close()

    // 5. Patient service: the alert of this campaign links to a complaint case received through the survey.
    const service = await staffPage(browser, DEMO_USERS.patient_service)
    await service.goto(`${HOSPITAL_PATH}/surveys/alerts`)
    const alert = service.getByRole('row').filter({ hasText: CAMPAIGN })
    await expect(alert).toHaveCount(1)
    await expect(alert).toContainText(patient.department)
    const overall = TEMPLATE.questions.find((q) => q.id === 'overall')!
    await expect(alert).toContainText(fill(m.surveyAlerts.findings.low_rating, { question: overall.text['zh-CN'], value: 1 }))
    const caseLink = alert.getByRole('link', { name: /HY-\d{6}-\d{5}/ })
    const number = /HY-\d{6}-\d{5}/.exec((await caseLink.textContent())!)![0]
    await expect(caseLink).toHaveText(fill(m.surveyAlerts.caseLink, { number }))
    await caseLink.click()

    await expect(service.getByRole('heading', { level: 1 })).toContainText(fill(m.casePage.heading, { number }))
    const status = service.getByRole('heading', { level: 1 }).locator('[data-status]')
    await expect(status).toHaveAttribute('data-status', 'received')
    await expect(status).toHaveText(m.cases.statuses.received)
    await expect(service.locator('.case-facts')).toContainText(m.intake.channels.survey)
    const submission = service.getByRole('region', { name: m.casePage.submission.title })
    await expect(submission).toContainText(m.intake.kinds.complaint)
    await expect(submission).toContainText(patient.department)
    await expect(submission).toContainText(fill(m.surveyAlerts.caseText.header, { survey: TEMPLATE.title['zh-CN'] }))

    // The case list, filtered to the survey channel, has it too.
    await service.goto(`${HOSPITAL_PATH}/cases`)
    const filters = service.getByRole('form', { name: m.caseList.filters.legend })
    await filters.getByLabel(m.caseList.filters.q, { exact: true }).fill(number)
    await filters.getByLabel(m.caseList.filters.channel, { exact: true }).selectOption({ label: m.intake.channels.survey })
    await filters.getByRole('button', { name: m.caseList.filters.apply, exact: true }).click()
    await expect(service).toHaveURL(/[?&]channel=survey/)
    const row = service.getByRole('table', { name: m.caseList.title }).locator(`tr[data-case-number="${number}"]`)
    await expect(row).toHaveCount(1)
    await expect(row.locator('[data-status]')).toHaveText(m.cases.statuses.received)
    await expect(row).toContainText(m.intake.channels.survey)

    // The other patients were texted but have not answered: no alert of theirs.
    await admin.goto(`${HOSPITAL_PATH}/surveys/alerts`)
    await expect(admin.getByRole('row').filter({ hasText: CAMPAIGN })).toHaveCount(1)
  })
})
