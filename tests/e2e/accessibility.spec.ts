import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { DEMO_USERS, HOSPITAL_PATH, LANGUAGES, messages, signIn, switchLanguage } from './support.ts'

/** Runs axe-core on the page and fails on serious or critical violations, listing them. */
async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(serious, `axe-core on ${page.url()}`).toEqual([])
}

for (const { locale, browserLocale } of LANGUAGES) {
  test.describe(`accessibility (${locale})`, () => {
    test.use({ locale: browserLocale })

    test(`the sign-in page has no serious or critical axe violations (${locale})`, async ({ page }) => {
      await page.goto('/login')
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(messages(locale).auth.signIn.title)
      await expectNoSeriousViolations(page)
    })

    test(`the departments page has no serious or critical axe violations (${locale})`, async ({ page }) => {
      await signIn(page, DEMO_USERS.admin)
      await switchLanguage(page, locale)
      await page.goto(`${HOSPITAL_PATH}/admin/departments`)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(messages(locale).departments.title)
      await expectNoSeriousViolations(page)
    })
  })
}
