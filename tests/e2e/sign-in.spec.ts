import { expect, test } from '@playwright/test'
import { DEMO_USERS, expectNoUntranslatedKeys, LANGUAGES, messages, submitSignIn } from './support.ts'

// A different account per run keeps each under the per-account failure limit.
const ACCOUNTS = [DEMO_USERS.patient_service, DEMO_USERS.department_head, DEMO_USERS.staff, DEMO_USERS.leadership]

for (const [i, javaScriptEnabled] of [true, false].entries()) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript'
  for (const [j, { locale, browserLocale }] of LANGUAGES.entries()) {
    const email = ACCOUNTS[i * LANGUAGES.length + j]!
    test.describe(`sign-in ${mode} (${locale})`, () => {
      test.use({ locale: browserLocale, javaScriptEnabled })

      test(`a wrong password shows the error in ${locale} and keeps the email typed but not the password (${mode})`, async ({ page }) => {
        const m = messages(locale)
        await page.goto('/login')
        await expect(page.locator('html')).toHaveAttribute('lang', locale)
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.auth.signIn.title)

        await submitSignIn(page, email, 'not-the-password-123')

        await expect(page.getByRole('alert')).toHaveText(m.auth.signIn.invalid)
        await expect(page).toHaveURL(/\/login$/)
        await expect(page.getByLabel(m.auth.signIn.email, { exact: true })).toHaveValue(email)
        await expect(page.getByLabel(m.auth.signIn.password, { exact: true })).toHaveValue('')
        await expect(page.locator('html')).toHaveAttribute('lang', locale)
        await expectNoUntranslatedKeys(page)
      })
    })
  }
}
