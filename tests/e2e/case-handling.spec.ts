import { expect, test, type Browser, type Page } from '@playwright/test'
import type { CaseActionType } from '#app/domain/case-actions.ts'
import { DEMO_USERS, fill, HOSPITAL_PATH, messages, raisePatientIntakeLimit, scanTouchpointQrCode, signIn, waitForHydration } from './support.ts'

/**
 * A complaint through its whole life in the staff pages (DESIGN.md §3): received at a QR code
 * of the department head's department, handed over to patient service (never sideways),
 * investigated with two departments' findings, answered by SMS, closed, and read by the patient;
 * and a department head seeing nothing of another department's complaint.
 */

const m = messages('zh-CN')
/** The demo hospital (app/services/demo-hospital.server.ts): the head is scoped to cardiology. */
const HEAD_DEPARTMENT = '心血管内科'
const HEAD_TOUCHPOINT = '心内科病区护士站'
const OTHER_DEPARTMENT = '放射科'
const OTHER_TOUCHPOINT = '骨科病区'
const PATIENT_SERVICE = '患者服务部'
const HEAD_NAME = '张主任'
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }

/** Unique per run: the e2e database is shared by every spec of the run. */
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

async function staffPage(browser: Browser, email: string, javaScriptEnabled = true) {
  const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled })
  const page = await context.newPage()
  await signIn(page, email)
  return page
}

/** The patient's phone: the feedback form of a scanned QR code, a complaint with phone and consent; returns the receipt's facts. */
async function complainAtTouchpoint(browser: Browser, touchpoint: string, text: string, phone: string) {
  const url = await scanTouchpointQrCode(browser, touchpoint)
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(url)
  const form = page.getByRole('form', { name: m.patient.form.title })
  await form.getByLabel(m.intake.kinds.complaint, { exact: true }).check()
  await form.getByLabel(m.patient.form.category, { exact: true }).selectOption('process_waiting')
  await form.getByLabel(m.patient.form.text, { exact: true }).fill(text)
  await form.getByLabel(m.patient.form.contactPhone, { exact: true }).fill(phone)
  await form.getByLabel(m.patient.form.consentToContact, { exact: true }).check()
  await form.getByRole('button', { name: m.patient.form.submit, exact: true }).click()

  await expect(page).toHaveURL(/\/t\/[\w-]{43}\?new=1$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.patient.receipt.titles.complaint)
  const number = (await page.locator('[data-case-number]').textContent())!
  expect(number).toMatch(/^HY-\d{6}-\d{5}$/)
  const trackingUrl = (await page.locator('[data-tracking-url]').textContent())!
  expect(trackingUrl).toMatch(/\/t\/[\w-]{43}$/)
  await context.close()
  return { number, trackingUrl }
}

/** Searches the case list by number; the row's link, or none when the viewer may not see the case. */
async function searchCaseList(page: Page, number: string) {
  await page.goto(`${HOSPITAL_PATH}/cases`)
  const filters = page.getByRole('form', { name: m.caseList.filters.legend })
  await filters.getByLabel(m.caseList.filters.q, { exact: true }).fill(number)
  await filters.getByRole('button', { name: m.caseList.filters.apply, exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`[?&]q=${number}`))
  return page.getByRole('table', { name: m.caseList.title }).getByRole('link', { name: number, exact: true })
}

/** Finds the case in the list by its number and opens it. */
async function openCase(page: Page, number: string, hydrate = true) {
  const link = await searchCaseList(page, number)
  await expect(link).toHaveCount(1)
  await link.click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(fill(m.casePage.heading, { number }))
  if (hydrate) await waitForHydration(page)
}

/** The form of one case action, named by its heading. */
function actionForm(page: Page, type: CaseActionType) {
  return page.getByRole('form', { name: m.cases.actions[type], exact: true })
}

/** Submits an action's form and waits for the page to say it is done. */
async function submitAction(page: Page, type: CaseActionType) {
  await actionForm(page, type).getByRole('button', { name: m.cases.actions[type], exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: fill(m.casePage.notices.done, { action: m.cases.actions[type] }) })).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`\\?done=${type}$`))
}

function expectOwner(page: Page, owner: string) {
  return expect(page.locator('[data-owner] p').first()).toHaveText(`${m.casePage.header.owner}: ${owner}`)
}

function expectStatus(page: Page, status: keyof typeof m.cases.statuses) {
  return expect(page.getByRole('heading', { level: 1 }).locator('[data-status]')).toHaveText(m.cases.statuses[status])
}

/** The department head hands the case to patient service: the only target offered. */
async function handOver(page: Page, note: string) {
  const form = actionForm(page, 'handOver')
  const target = form.getByLabel(m.casePage.actions.handOver.to, { exact: true })
  await expect(target.locator('option')).toHaveText([PATIENT_SERVICE])
  await expect(target).toHaveValue(/.+/)
  await form.getByLabel(m.casePage.actions.handOver.note, { exact: true }).fill(note)
  await submitAction(page, 'handOver')
  await expectOwner(page, PATIENT_SERVICE)
  // Once handed over, the first responsible person can neither hand over nor settle it again.
  await expect(actionForm(page, 'handOver')).toHaveCount(0)
  await expect(actionForm(page, 'resolveOnTheSpot')).toHaveCount(0)
}

async function recordFindings(page: Page, department: string, findings: string, offered: string[]) {
  const form = actionForm(page, 'recordFindings')
  const select = form.getByLabel(m.casePage.actions.recordFindings.department, { exact: true })
  await expect(select.locator('option')).toHaveText(offered)
  await select.selectOption({ label: department })
  await form.getByLabel(m.casePage.actions.recordFindings.findings, { exact: true }).fill(findings)
  await submitAction(page, 'recordFindings')
  await expect(page.getByRole('region', { name: m.casePage.departments.title }).getByRole('listitem').filter({ hasText: department })).toContainText(findings)
}

// All patient submissions of the run come from 127.0.0.1: give them room under the hourly limit.
test.beforeAll(async ({ browser }) => raisePatientIntakeLimit(browser))

test.describe('case handling with JavaScript (zh-CN)', () => {
  test.use({ locale: 'zh-CN', javaScriptEnabled: true })

  test('a QR complaint goes from the department head to patient service, through two departments’ findings, to an SMS answer the patient reads', async ({ browser }) => {
    test.setTimeout(240_000)
    const complaint = `病区护士站无人应答，按铃半小时 ${run}`
    const note = `患者情绪激动，请患者服务部跟进 ${run}`
    const headFindings = `当班护士临时支援抢救，已加强排班 ${run}`
    const otherFindings = `放射科检查排队与此事无关，已核实 ${run}`
    const answer = `您好，经核实当晚护士支援抢救导致无人应答，我们已调整排班，向您致歉。${run}`
    const finding = `夜间护士站人手不足，投诉属实 ${run}`
    const remedy = `心血管内科夜班增加一名护士 ${run}`

    // 1. The patient scans the cardiology ward's QR code and complains, with a phone number and consent.
    const mine = await complainAtTouchpoint(browser, HEAD_TOUCHPOINT, complaint, '139 0000 1234')

    // 2. The department head (first responsible: the touchpoint is theirs) hands it over to patient service.
    const head = await staffPage(browser, DEMO_USERS.department_head)
    await openCase(head, mine.number)
    await expectStatus(head, 'received')
    await expectOwner(head, HEAD_DEPARTMENT)
    await expect(head.locator('[data-first-responsible]')).toHaveText(HEAD_DEPARTMENT)
    await handOver(head, note)
    await expect(head.locator('ol.timeline [data-event="handed_over"]')).toContainText(note)

    // 3. Patient service accepts, starts the investigation and involves two departments.
    const service = await staffPage(browser, DEMO_USERS.patient_service)
    await openCase(service, mine.number)
    await expectOwner(service, PATIENT_SERVICE)
    await submitAction(service, 'accept')
    await expectStatus(service, 'accepted')
    await submitAction(service, 'startInvestigation')
    await expectStatus(service, 'investigating')
    const involve = actionForm(service, 'involveDepartments')
    await involve.getByRole('checkbox', { name: HEAD_DEPARTMENT, exact: true }).check()
    await involve.getByRole('checkbox', { name: OTHER_DEPARTMENT, exact: true }).check()
    await submitAction(service, 'involveDepartments')
    const involved = service.getByRole('region', { name: m.casePage.departments.title }).getByRole('listitem')
    await expect(involved).toHaveCount(2)
    await expect(involved.filter({ hasText: HEAD_DEPARTMENT })).toContainText(m.casePage.departments.awaiting)
    await expect(involved.filter({ hasText: OTHER_DEPARTMENT })).toContainText(m.casePage.departments.awaiting)

    // 4. Each department's findings: the head for cardiology (the only one offered), patient service for radiology (no head in the demo).
    await openCase(head, mine.number)
    await recordFindings(head, HEAD_DEPARTMENT, headFindings, [HEAD_DEPARTMENT])
    await expect(actionForm(head, 'recordFindings')).toHaveCount(0)
    await openCase(service, mine.number)
    await recordFindings(service, OTHER_DEPARTMENT, otherFindings, [OTHER_DEPARTMENT])

    // 5. Patient service answers by SMS (the patient left a phone number), then closes the case.
    const respond = actionForm(service, 'respond')
    await respond.getByLabel(m.casePage.actions.respond.answer, { exact: true }).fill(answer)
    await respond.getByRole('radio', { name: m.casePage.via.sms, exact: true }).check()
    await submitAction(service, 'respond')
    await expectStatus(service, 'responded')
    const close = actionForm(service, 'close')
    await close.getByLabel(m.casePage.actions.close.finding, { exact: true }).fill(finding)
    await close.getByRole('radio', { name: m.casePage.actions.close.valid, exact: true }).check()
    await close.getByLabel(m.casePage.actions.close.attributedDepartment, { exact: true }).selectOption({ label: HEAD_DEPARTMENT })
    await close.getByLabel(m.casePage.actions.close.remedy, { exact: true }).fill(remedy)
    await expect(close.getByLabel(m.casePage.actions.close.answer, { exact: true })).toHaveValue(answer)
    await submitAction(service, 'close')

    // 7. The case page: closed, with the outcome, and the timeline in order.
    await expectStatus(service, 'closed')
    const outcome = service.getByRole('region', { name: m.casePage.outcome.title })
    await expect(outcome).toContainText(m.casePage.outcome.validYes)
    await expect(outcome).toContainText(HEAD_DEPARTMENT)
    await expect(outcome).toContainText(remedy)
    await expect(outcome).toContainText(answer)
    const timeline = service.locator('ol.timeline')
    await expect(timeline.locator('[data-event="patient_notified"]')).toContainText(fill(m.casePage.timeline.via, { via: m.casePage.via.sms }))
    const events = await timeline.locator(':scope > li').evaluateAll((items) => items.map((li) => ({ type: li.getAttribute('data-event'), text: li.textContent ?? '' })))
    const milestones = events.filter((e) => ['handed_over', 'findings_recorded', 'responded', 'closed'].includes(e.type!))
    expect(milestones.map((e) => e.type)).toEqual(['handed_over', 'findings_recorded', 'findings_recorded', 'responded', 'closed'])
    expect(milestones[0]!.text).toContain(note)
    expect(milestones[1]!.text).toContain(headFindings)
    expect(milestones[1]!.text).toContain(fill(m.casePage.timeline.department, { department: HEAD_DEPARTMENT }))
    expect(milestones[2]!.text).toContain(otherFindings)
    expect(milestones[2]!.text).toContain(fill(m.casePage.timeline.department, { department: OTHER_DEPARTMENT }))
    expect(milestones[3]!.text).toContain(answer)
    expect(milestones[4]!.text).toContain(finding)

    // The SMS with the answer is in the outbox (no SMS provider on the test server).
    const admin = await staffPage(browser, DEMO_USERS.admin)
    await admin.goto(`${HOSPITAL_PATH}/admin/outbox`)
    const sms = admin.getByRole('row').filter({ hasText: mine.number }).filter({ hasText: m.outbox.templates.case_answer })
    await expect(sms).toHaveCount(1)
    await expect(sms.getByRole('cell').nth(1)).toHaveText(m.outbox.channels.sms)
    await admin.context().close()

    // 6. The patient's tracking link: the hospital's answer, and the case closed in the patient's words.
    const patient = await (await browser.newContext({ ...PHONE, locale: 'zh-CN' })).newPage()
    await patient.goto(mine.trackingUrl)
    await expect(patient.getByRole('heading', { level: 1 })).toHaveText(m.patient.tracking.title)
    await expect(patient.locator('[data-status]')).toHaveText(m.patient.tracking.statuses.closed)
    await expect(patient.locator('[data-answer]')).toContainText(answer)
    // Nothing internal reaches the patient.
    await expect(patient.locator('main')).not.toContainText(note)
    await expect(patient.locator('main')).not.toContainText(headFindings)

    // 8. A complaint that only concerns another department: the head neither finds nor opens it.
    const other = await complainAtTouchpoint(browser, OTHER_TOUCHPOINT, `骨科病区走廊灯坏了三天 ${run}`, '139 0000 5678')
    const otherLink = await searchCaseList(service, other.number)
    await expect(otherLink).toHaveCount(1)
    const otherHref = (await otherLink.getAttribute('href'))!
    expect(otherHref).toMatch(new RegExp(`^${HOSPITAL_PATH}/cases/[0-9a-f-]{36}$`))

    await expect(await searchCaseList(head, mine.number)).toHaveCount(1)
    await expect(head.getByText(m.caseList.scopeHint)).toBeVisible()
    await expect(await searchCaseList(head, other.number)).toHaveCount(0)
    await expect(head.locator('[data-empty]')).toHaveText(m.caseList.emptyFiltered)
    // Without a search: the head's list holds the own department's case and not the other one.
    await head.goto(`${HOSPITAL_PATH}/cases?sort=newest`)
    const list = head.getByRole('table', { name: m.caseList.title })
    await expect(list.getByRole('link', { name: mine.number, exact: true })).toHaveCount(1)
    await expect(list.getByRole('link', { name: other.number, exact: true })).toHaveCount(0)
    const response = await head.goto(otherHref)
    expect(response?.status()).toBe(404)
    await expect(head.getByRole('heading', { level: 1 })).toHaveText(m.common.errors.notFoundTitle)
    await expect(head.locator('main')).not.toContainText(other.number)
    for (const page of [head, service, patient]) await page.context().close()
  })
})

test.describe('case handling without JavaScript (zh-CN)', () => {
  test.use({ locale: 'zh-CN', javaScriptEnabled: false })

  test('the department head records a walk-in complaint and hands it over to patient service with plain form posts', async ({ browser }) => {
    const text = `现场投诉：候诊区空调温度过低 ${run}`
    const note = `已安抚患者，请患者服务部跟进 ${run}`
    const head = await staffPage(browser, DEMO_USERS.department_head, false)

    // Entered by the head, who becomes its first responsible person (no patient-side rate limit involved).
    await head.goto(`${HOSPITAL_PATH}/intake/new`)
    const f = m.staffIntake.fields
    const form = head.getByRole('form', { name: m.staffIntake.title })
    await form.getByRole('radio', { name: m.intake.channels.walk_in, exact: true }).check()
    await form.getByRole('radio', { name: m.intake.kinds.complaint, exact: true }).check()
    await form.getByLabel(f.department, { exact: true }).selectOption({ label: HEAD_DEPARTMENT })
    await form.getByLabel(f.text, { exact: true }).fill(text)
    await form.getByRole('button', { name: m.staffIntake.submit, exact: true }).click()
    const number = (await head.locator('[data-case-number]').textContent())!
    expect(number).toMatch(/^HY-\d{6}-\d{5}$/)

    await openCase(head, number, false)
    await expect(head.locator('[data-first-responsible]')).toHaveText(HEAD_NAME)
    await handOver(head, note)
    await expectStatus(head, 'received')
    await expect(head.locator('ol.timeline [data-event="handed_over"]')).toContainText(note)
    await head.context().close()
  })
})
