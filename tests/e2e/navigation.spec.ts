import { expect, test } from '@playwright/test'
import { navigationFor } from '#app/domain/navigation.ts'
import { ROLES } from '#app/domain/roles.ts'
import { ALL_NAV_KEYS, DEMO_USERS, expectNoUntranslatedKeys, HOSPITAL_PATH, LANGUAGES, messages, signIn, signOut, switchLanguage } from './support.ts'

for (const { locale, browserLocale } of LANGUAGES) {
  test.describe(`navigation per role (${locale})`, () => {
    test.use({ locale: browserLocale })

    for (const role of ROLES) {
      test(`${role} sees exactly the pages their role opens, then signs out (${locale})`, async ({ page }) => {
        const m = messages(locale)
        await page.goto('/login')
        // No cookie and nobody signed in yet: the browser's language decides.
        await expect(page.locator('html')).toHaveAttribute('lang', locale)
        await signIn(page, DEMO_USERS[role])
        // The account may remember another language from an earlier test; choose explicitly.
        await switchLanguage(page, locale)

        const expected = navigationFor(role)
        const nav = page.getByRole('navigation', { name: m.common.nav.mainNavigation })
        await expect(nav.locator('[data-nav]')).toHaveCount(expected.length)
        expect(await nav.locator('[data-nav]').evaluateAll((links) => links.map((a) => a.getAttribute('data-nav')))).toEqual(expected.map((i) => i.key))
        for (const key of ALL_NAV_KEYS) {
          const link = page.locator(`[data-nav="${key}"]`)
          const item = expected.find((i) => i.key === key)
          if (item) {
            await expect(link).toBeVisible()
            await expect(link).toHaveText(m.common.nav[key])
            await expect(link).toHaveAttribute('href', item.path ? `${HOSPITAL_PATH}/${item.path}` : HOSPITAL_PATH)
          } else {
            await expect(link).toHaveCount(0)
          }
        }
        await expect(page.locator('header')).toContainText(m.common.roles[role])
        await expectNoUntranslatedKeys(page)

        await signOut(page)
        await expect(page.locator('main form')).toContainText(m.auth.signIn.email)
        // Signed out for real: the hospital sends us back to sign-in.
        await page.goto(HOSPITAL_PATH)
        await expect(page).toHaveURL(/\/login\?redirectTo=/)
      })
    }
  })
}
