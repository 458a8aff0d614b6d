import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Browser, type Page } from '@playwright/test'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import type { Locale } from '#app/domain/locales.ts'
import { countDocumentLoads, DEMO_USERS, expectNoUntranslatedKeys, HOSPITAL_PATH, messages, raisePatientIntakeLimit, signIn, waitForHydration } from './support.ts'

/** A phone-sized browser (about an iPhone 12/13/14). */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
const TOUCHPOINT = '心内科病区护士站' // seeded in the demo hospital

function photo() {
  const png = new PNG({ width: 8, height: 8 })
  png.data.fill(0xc0)
  return { name: 'IMG_0042.png', mimeType: 'image/png', buffer: PNG.sync.write(png) }
}

/**
 * What a patient's phone opens: the admin prints the touchpoint's A5 poster and its QR code
 * (downloaded from the feedback points list), and the code is "scanned" by decoding the PNG.
 */
let scanned: string | undefined
async function scanPosterQrCode(browser: Browser) {
  if (scanned) return scanned
  const context = await browser.newContext()
  const page = await context.newPage()
  await signIn(page, DEMO_USERS.admin)
  await page.goto(`${HOSPITAL_PATH}/admin/touchpoints`)
  const row = page.getByRole('row').filter({ hasText: TOUCHPOINT })
  const posterHref = await row.locator('a[href*="/poster/a5"]').getAttribute('href')
  const poster = await page.request.get(posterHref!)
  expect(poster.headers()['content-type']).toBe('application/pdf')
  expect((await poster.body()).subarray(0, 5).toString()).toBe('%PDF-')
  const qrHref = await row.locator('a[href*="/qr/png"]').getAttribute('href')
  const png = PNG.sync.read(await (await page.request.get(qrHref!)).body())
  await context.close()
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data
  if (!decoded) throw new Error(`the QR code of ${TOUCHPOINT} did not decode`)
  expect(decoded).toMatch(/\/q\/[A-Za-z0-9-]+$/)
  scanned = decoded
  return decoded
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(serious, `axe-core on ${page.url()}`).toEqual([])
}

/** Fills the full form as a patient would (kind, topic, text, phone, a photo). */
async function fillComplaint(page: Page, locale: Locale, text: string, withPhoto = true) {
  const m = messages(locale)
  const form = page.getByRole('form', { name: m.patient.form.title })
  await form.getByLabel(m.intake.kinds.complaint, { exact: true }).check()
  await form.getByLabel(m.patient.form.category, { exact: true }).selectOption('process_waiting')
  await form.getByLabel(m.patient.form.text, { exact: true }).fill(text)
  await form.getByLabel(m.patient.form.contactPhone, { exact: true }).fill('138 1234 5678')
  if (withPhoto) await form.getByLabel(m.patient.form.attachments, { exact: true }).setInputFiles(photo())
  return form
}

/** On the receipt: the big number and the deadline; returns the tracking link shown. */
async function expectReceipt(page: Page, locale: Locale) {
  const m = messages(locale).patient
  await expect(page).toHaveURL(/\/t\/[\w-]{43}\?new=1$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.receipt.titles.complaint)
  await expect(page.locator('[data-case-number]')).toHaveText(/^HY-\d{6}-\d{5}$/)
  await expect(page.locator('[data-answer-due]')).toHaveText(locale === 'en' ? /^You will have our answer by .+\.$/ : /^我们将在 .+ 前答复您。$/)
  const link = await page.locator('[data-tracking-url]').textContent()
  expect(link).toMatch(/\/t\/[\w-]{43}$/)
  return link!
}

async function addInformation(page: Page, locale: Locale, text: string) {
  const m = messages(locale).patient
  const form = page.getByRole('form', { name: m.tracking.addTitle })
  await form.getByLabel(m.tracking.addText, { exact: true }).fill(text)
  await form.getByRole('button', { name: m.tracking.addSubmit, exact: true }).click()
  await expect(page.getByRole('status')).toHaveText(m.tracking.added)
  const timeline = page.locator('ol.timeline')
  await expect(timeline.locator('[data-event="patient_added_info"]')).toContainText(text)
  await expect(timeline).toContainText(m.tracking.events.patient_added_info)
}

// All patient submissions of the run come from 127.0.0.1: give them room under the hourly limit.
test.beforeAll(async ({ browser }) => raisePatientIntakeLimit(browser))

test.describe('a complaint from a QR code without JavaScript (zh-CN)', () => {
  test.use({ ...PHONE, locale: 'zh-CN', javaScriptEnabled: false })

  test('the patient sends a complaint with a photo, gets a case number and adds information on the tracking link', async ({ page, browser }) => {
    const m = messages('zh-CN').patient
    await page.goto(await scanPosterQrCode(browser))
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    await expect(page.locator('.counter')).toHaveText('最多 2000 字')
    const form = await fillComplaint(page, 'zh-CN', '护士站无人，按铃二十分钟没有人来')
    await form.getByRole('button', { name: m.form.submit, exact: true }).click()

    const link = await expectReceipt(page, 'zh-CN')
    await expect(page.locator('main')).toContainText(m.receipt.sent)
    await expectNoUntranslatedKeys(page)

    await page.goto(link)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.tracking.title)
    await expect(page.locator('[data-status]')).toHaveText(messages('zh-CN').patient.tracking.statuses.received)
    await expect(page.locator('ol.timeline')).toContainText('IMG_0042.png')
    await addInformation(page, 'zh-CN', '补充：当时是晚上八点左右')
  })

  test('one tap on a face saves a rating, then an optional comment', async ({ page, browser }) => {
    const m = messages('zh-CN')
    await page.goto(await scanPosterQrCode(browser))
    await page.getByRole('button', { name: m.intake.ratings['4'], exact: true }).click()
    await expect(page.getByRole('status')).toContainText(m.patient.rating.thanks)
    await page.getByLabel(m.patient.rating.commentLabel).fill('护士态度很好')
    await page.getByRole('button', { name: m.patient.rating.commentSubmit }).click()
    await expect(page.getByRole('status')).toContainText(m.patient.rating.commentThanks)
  })
})

test.describe('a complaint from a QR code with JavaScript (en)', () => {
  test.use({ ...PHONE, locale: 'en-US', javaScriptEnabled: true })

  test('inline checks catch a bad phone number, and the whole path runs without a page reload', async ({ page, browser }) => {
    const m = messages('en')
    await page.goto(await scanPosterQrCode(browser))
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await waitForHydration(page)
    const documentLoads = countDocumentLoads(page)
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'))
    const form = page.getByRole('form', { name: m.patient.form.title })

    // A wrong phone number is pointed out as soon as the field is left, before sending.
    const phone = form.getByLabel(m.patient.form.contactPhone, { exact: true })
    await phone.fill('12345')
    await phone.blur()
    await expect(phone).toHaveAttribute('aria-invalid', 'true')
    await expect(form.locator('#fb-contactPhone-error')).toHaveText(m.intake.errors.phoneInvalid)

    // Sending anyway: nothing is sent, the summary lists the problems and the first field gets focus.
    await form.getByRole('button', { name: m.patient.form.submit, exact: true }).click()
    await expect(form.locator('.error-summary')).toContainText(m.intake.errors.kindRequired)
    await expect(form.locator('.error-summary')).toContainText(m.intake.errors.phoneInvalid)
    await expect(page.locator('#fb-kind')).toBeFocused()
    await expect(page).toHaveURL(/\/q\/\w+$/)

    const text = 'Nobody at the nurses’ station for twenty minutes'
    await fillComplaint(page, 'en', text)
    await expect(form.locator('#fb-contactPhone-error')).toHaveCount(0)
    await expect(form.locator('.counter')).toHaveText(`${text.length} / 2000 characters`)
    await form.getByRole('button', { name: m.patient.form.submit, exact: true }).click()

    await expectReceipt(page, 'en')
    await addInformation(page, 'en', 'It was around 8 pm.')
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page')
    expect(documentLoads(), 'the forms submitted without full page loads').toBe(0)
    await expectNoUntranslatedKeys(page)
  })

  test('one tap on a face saves a rating without leaving the page, then an optional comment', async ({ page, browser }) => {
    const m = messages('en')
    await page.goto(await scanPosterQrCode(browser))
    await waitForHydration(page)
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'))
    await page.getByRole('button', { name: m.intake.ratings['5'], exact: true }).click()
    await expect(page.getByRole('status')).toContainText(m.patient.rating.thanks)
    await page.getByLabel(m.patient.rating.commentLabel).fill('Very kind nurses')
    await page.getByRole('button', { name: m.patient.rating.commentSubmit }).click()
    await expect(page.getByRole('status')).toContainText(m.patient.rating.commentThanks)
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page')
  })
})

test.describe('patient pages are accessible (zh-CN)', () => {
  test.use({ ...PHONE, locale: 'zh-CN' })

  test('the form, its error state, the receipt and the tracking page have no serious axe violations', async ({ page, browser }) => {
    const m = messages('zh-CN').patient
    await page.goto(await scanPosterQrCode(browser))
    await waitForHydration(page)
    await expectNoSeriousViolations(page)

    // A file that only the server can judge (text named .png) brings the form back from the server.
    const form = await fillComplaint(page, 'zh-CN', '无障碍检查用的投诉', false)
    await form.getByLabel(m.form.attachments, { exact: true }).setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not an image') })
    await form.getByRole('button', { name: m.form.submit, exact: true }).click()
    await expect(page.locator('.error-summary')).toContainText('“fake.png”不是支持的格式')
    await expect(page.getByLabel(m.form.text, { exact: true })).toHaveValue('无障碍检查用的投诉')
    await expect(page.locator('main')).toContainText(m.form.filesDropped)
    await expectNoSeriousViolations(page)

    await page.getByRole('form', { name: m.form.title }).getByRole('button', { name: m.form.submit, exact: true }).click()
    const link = await expectReceipt(page, 'zh-CN')
    await expectNoSeriousViolations(page)

    await page.goto(link)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.tracking.title)
    await expectNoSeriousViolations(page)
  })
})
