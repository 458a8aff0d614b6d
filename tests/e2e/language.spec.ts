import { expect, test, type Page } from '@playwright/test'
import type { Locale } from '#app/domain/locales.ts'
import { DEMO_USERS, expectNoUntranslatedKeys, HOSPITAL_PATH, messages, signIn, signOut, switchLanguage } from './support.ts'

/** The page is entirely in `locale`: <html lang>, a translated landmark, nothing key-like. */
async function expectLanguage(page: Page, locale: Locale) {
  const m = messages(locale)
  await expect(page.locator('html')).toHaveAttribute('lang', locale)
  await expect(page.locator('form.language-switch')).toHaveAttribute('aria-label', m.common.language.label)
  await expect(page.locator('form.language-switch').getByRole('button', { name: m.common.language[locale] })).toHaveAttribute('aria-pressed', 'true')
  await expectNoUntranslatedKeys(page)
}

async function expectSignInPage(page: Page, locale: Locale) {
  await expect(page).toHaveURL(/\/login$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(messages(locale).auth.signIn.title)
  await expectLanguage(page, locale)
}

/** Home, then the departments page through the navigation, then a reload: all in `locale`. */
async function browseHospital(page: Page, locale: Locale) {
  const m = messages(locale)
  await page.locator('[data-nav="home"]').click()
  await expect(page).toHaveURL(new RegExp(`${HOSPITAL_PATH}$`))
  await expect(page.locator('[data-nav="home"]')).toHaveText(m.common.nav.home)
  await expectLanguage(page, locale)
  await page.locator('[data-nav="departments"]').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.departments.title)
  await expectLanguage(page, locale)
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.departments.title)
  await expectLanguage(page, locale)
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript'
  test.describe(`language switch ${mode}`, () => {
    // A Chinese browser: the product starts in Chinese.
    test.use({ locale: 'zh-CN', javaScriptEnabled })

    test(`switching Chinese → English → Chinese sticks across pages and sign-out/sign-in (${mode})`, async ({ page }) => {
      const user = DEMO_USERS.leadership
      await page.goto('/login')
      await expectSignInPage(page, 'zh-CN')

      await switchLanguage(page, 'en')
      await expectSignInPage(page, 'en')
      await signIn(page, user)
      await expectLanguage(page, 'en')
      await browseHospital(page, 'en')
      await signOut(page)
      await expectSignInPage(page, 'en')
      await signIn(page, user)
      await expectLanguage(page, 'en')

      await switchLanguage(page, 'zh-CN')
      await expect(page).toHaveURL(new RegExp(`${HOSPITAL_PATH}$`)) // the switch brings us back where we were
      await browseHospital(page, 'zh-CN')
      await switchLanguage(page, 'en')
      await expect(page).toHaveURL(new RegExp(`${HOSPITAL_PATH}/admin/departments$`))
      await expectLanguage(page, 'en')
      await switchLanguage(page, 'zh-CN')
      await signOut(page)
      await expectSignInPage(page, 'zh-CN')
      await signIn(page, user)
      await expectLanguage(page, 'zh-CN')
      await browseHospital(page, 'zh-CN')
    })
  })
}
