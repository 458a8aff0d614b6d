import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { DEMO_USERS, expectNoUntranslatedKeys, fill, HOSPITAL_PATH, messages, signIn, switchLanguage, waitForHydration } from './support.ts'

/** The seeded patient-service user (app/services/demo-hospital.server.ts). */
const SERVICE_NAME = '李服务'

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help}`)
  expect(serious, `axe-core on ${page.url()}`).toEqual([])
}

const RUNS = [
  { javaScriptEnabled: true, locale: 'zh-CN', browserLocale: 'zh-CN' },
  { javaScriptEnabled: true, locale: 'en', browserLocale: 'en-US' },
  { javaScriptEnabled: false, locale: 'zh-CN', browserLocale: 'zh-CN' },
] as const

for (const { javaScriptEnabled, locale, browserLocale } of RUNS) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript'
  test.describe(`staff intake ${mode} (${locale})`, () => {
    test.use({ locale: browserLocale, javaScriptEnabled })

    test(`patient service records a phone complaint and becomes its first responsible person (${mode}, ${locale})`, async ({ page }) => {
      const m = messages(locale)
      const f = m.staffIntake.fields
      const text = `电话投诉：门诊取药排队过长 ${Date.now().toString(36)}`

      await signIn(page, DEMO_USERS.patient_service)
      await switchLanguage(page, locale)
      await page.locator('[data-nav="intake"]').click()
      await expect(page).toHaveURL(new RegExp(`${HOSPITAL_PATH}/intake/new$`))
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.staffIntake.title)
      // axe-core runs as a script in the page, so it checks the JavaScript runs only.
      if (javaScriptEnabled) {
        await waitForHydration(page)
        await expectNoSeriousViolations(page)
      }

      const form = page.getByRole('form', { name: m.staffIntake.title })
      await form.getByRole('radio', { name: m.intake.channels.phone, exact: true }).check()
      await form.getByRole('radio', { name: m.intake.kinds.complaint, exact: true }).check()
      await form.getByLabel(f.category, { exact: true }).selectOption('process_waiting')
      await form.getByLabel(f.department, { exact: true }).selectOption({ label: locale === 'en' ? 'Pharmacy' : '药剂科' })
      await form.getByLabel(f.text, { exact: true }).fill(text)
      await form.getByLabel(f.contactPhone, { exact: true }).fill('13812345678')
      await form.getByLabel(f.locale, { exact: true }).selectOption(locale)
      await form.getByRole('button', { name: m.staffIntake.submit, exact: true }).click()

      const status = page.getByRole('status')
      await expect(status).toContainText(/HY-\d{6}-\d{5}/)
      const number = (await page.locator('[data-case-number]').textContent())!
      await expect(status).toContainText(fill(m.staffIntake.receipt.recorded, { number }))
      await expect(page.locator('[data-first-responsible]')).toHaveText(SERVICE_NAME)
      await expect(page.locator('.card dl')).toContainText(m.intake.channels.phone)
      await expect(page.locator('.card dl')).toContainText(m.intake.caseStatuses.received)
      await expect(page.locator('.card dl')).toContainText('138****5678')
      await expect(page.locator('[data-tracking-url]')).toHaveText(/\/t\/[\w-]{43,}$/)
      await expectNoUntranslatedKeys(page)
      if (javaScriptEnabled) await expectNoSeriousViolations(page)

      // The receipt page keeps the facts but not the link, which only a fresh issue shows again.
      await page.getByRole('link', { name: m.staffIntake.receipt.open, exact: true }).click()
      await expect(page).toHaveURL(new RegExp(`${HOSPITAL_PATH}/intake/[0-9a-f-]{36}$`))
      await expect(page.locator('[data-case-number]')).toHaveText(number)
      await expect(page.locator('[data-first-responsible]')).toHaveText(SERVICE_NAME)
      await expect(page.locator('[data-tracking-url]')).toHaveCount(0)
      await page.getByRole('button', { name: m.staffIntake.receipt.issueLink, exact: true }).click()
      await expect(page.getByRole('status')).toHaveText(m.staffIntake.receipt.linkIssued)
      await expect(page.locator('[data-tracking-url]')).toHaveText(/\/t\/[\w-]{43,}$/)
    })
  })
}

test.describe('staff intake form errors', () => {
  test.use({ locale: 'en-US', javaScriptEnabled: true })

  test('an empty text is refused in English and the other answers stay', async ({ page }) => {
    const m = messages('en')
    await signIn(page, DEMO_USERS.staff)
    await switchLanguage(page, 'en')
    await page.goto(`${HOSPITAL_PATH}/intake/new`)
    await waitForHydration(page)
    const form = page.getByRole('form', { name: m.staffIntake.title })
    // The staff member's own department is already chosen.
    await expect(form.getByLabel(m.staffIntake.fields.department, { exact: true }).locator('option:checked')).toHaveText(/Cardiology/)
    await form.getByRole('radio', { name: m.intake.channels.letter, exact: true }).check()
    await form.getByLabel(m.staffIntake.fields.text, { exact: true }).fill('   ')
    await form.getByLabel(m.staffIntake.fields.contactName, { exact: true }).fill('Ms Liu')
    await form.getByRole('button', { name: m.staffIntake.submit, exact: true }).click()
    await expect(form.locator('.form-error')).toHaveText(m.common.errors.formHasErrors)
    await expect(form.locator('.field.has-error .error')).toHaveText(m.intake.errors.textRequired)
    await expect(form.getByLabel(m.staffIntake.fields.contactName, { exact: true })).toHaveValue('Ms Liu')
    await expect(form.getByRole('radio', { name: m.intake.channels.letter, exact: true })).toBeChecked()
  })
})
