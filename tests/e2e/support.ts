import { expect, type Page } from '@playwright/test'
import { LOCALES, type Locale } from '#app/domain/locales.ts'
import { navigationFor, type NavItem } from '#app/domain/navigation.ts'
import { ROLES, type Role } from '#app/domain/roles.ts'
import { resources } from '#app/locales/index.ts'
import { E2E_DEMO_PASSWORD } from './config.ts'

export const HOSPITAL_PATH = '/app/demo'

/** The seeded demo users (app/services/demo-hospital.server.ts), one per role. */
export const DEMO_USERS: Record<Role, string> = {
  admin: 'admin@demo.huiyin.local',
  patient_service: 'service@demo.huiyin.local',
  department_head: 'head.cardiology@demo.huiyin.local',
  staff: 'nurse.cardiology@demo.huiyin.local',
  leadership: 'president@demo.huiyin.local',
}

/** Each UI language with the browser locale (Accept-Language) that asks for it. */
export const LANGUAGES: { locale: Locale; browserLocale: string }[] = [
  { locale: 'zh-CN', browserLocale: 'zh-CN' },
  { locale: 'en', browserLocale: 'en-US' },
]

/** Every navigation key some role can see. */
export const ALL_NAV_KEYS: NavItem['key'][] = [...new Set(ROLES.flatMap((role) => navigationFor(role).map((item) => item.key)))]

export function messages(locale: Locale) {
  return resources[locale]
}

/** i18next-style interpolation for expected texts. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''))
}

export async function currentLocale(page: Page): Promise<Locale> {
  const lang = await page.locator('html').getAttribute('lang')
  if (!LOCALES.includes(lang as Locale)) throw new Error(`<html lang="${lang}"> is not a supported locale`)
  return lang as Locale
}

/** Fills the sign-in form in whatever language the page shows and submits it. */
export async function submitSignIn(page: Page, email: string, password: string) {
  const m = messages(await currentLocale(page))
  const form = page.locator('main form')
  await form.getByLabel(m.auth.signIn.email, { exact: true }).fill(email)
  await form.getByLabel(m.auth.signIn.password, { exact: true }).fill(password)
  await form.getByRole('button', { name: m.auth.signIn.submit, exact: true }).click()
}

/** Signs in from /login (staying on the page if already there) and lands in the demo hospital. */
export async function signIn(page: Page, email: string, password = E2E_DEMO_PASSWORD) {
  if (new URL(page.url(), 'http://x').pathname !== '/login') await page.goto('/login')
  await submitSignIn(page, email, password)
  await expect(page).toHaveURL(new RegExp(`${HOSPITAL_PATH}$`))
  // The hospital page has rendered (with JavaScript the URL changes a moment before <html lang> does).
  await expect(page.locator('[data-nav="home"]')).toBeVisible()
}

export async function signOut(page: Page) {
  const m = messages(await currentLocale(page))
  await page.getByRole('button', { name: m.common.nav.signOut, exact: true }).click()
  await expect(page).toHaveURL(/\/login$/)
  await expect(page.locator('main form input[name="email"]')).toBeVisible()
}

/** Clicks the language switch when the page is not already in `locale`. */
export async function switchLanguage(page: Page, locale: Locale) {
  if ((await currentLocale(page)) === locale) return
  const label = messages(locale).common.language[locale]
  await page.locator('form.language-switch').getByRole('button', { name: label, exact: true }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', locale)
}

/** Resolves once React has hydrated the page (its DOM nodes carry React's fiber keys). */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('form.language-switch button')
    return !!el && Object.keys(el).some((k) => k.startsWith('__reactFiber'))
  })
}

/** Counts full page loads of the main frame from now on (none happen after hydration when forms submit by fetch). */
export function countDocumentLoads(page: Page): () => number {
  let count = 0
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) count++
  })
  return () => count
}

/**
 * Fails when the page shows something that looks like a translation key (`nav.home`,
 * `errors.required`, `departments:errors.duplicateName`) or a raw `{{placeholder}}`:
 * visible text, the title, and the labels assistive technology reads.
 */
export async function expectNoUntranslatedKeys(page: Page) {
  const visible = await page.locator('body').innerText()
  const attributes = await page
    .locator('[aria-label], [title], [placeholder], [alt], option')
    .evaluateAll((els) => els.flatMap((el) => [el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('placeholder'), el.getAttribute('alt'), el.tagName === 'OPTION' ? el.textContent : null]))
  const text = [await page.title(), visible, ...attributes.filter((a): a is string => !!a)]
    .join('\n')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ') // e-mail addresses
    .replace(/https?:\/\/\S+/g, ' ')
  const keyLike = [...text.matchAll(/\b[a-z][a-zA-Z_]*(?::[a-zA-Z_]+)?\.[a-zA-Z_]+(?:\.[a-zA-Z_]+)*\b/g)].map((m) => m[0])
  const placeholders = [...text.matchAll(/\{\{\s*\w+\s*\}\}/g)].map((m) => m[0])
  expect([...keyLike, ...placeholders], `untranslated strings on ${page.url()}`).toEqual([])
}

/**
 * The patient URL behind a touchpoint's QR code, as a phone would read it: the admin downloads
 * the code's PNG from the feedback points list and it is decoded. Signs in in a context of its own.
 */
export async function scanTouchpointQrCode(browser: import('@playwright/test').Browser, touchpoint: string): Promise<string> {
  const [{ default: jsQR }, { PNG }] = await Promise.all([import('jsqr'), import('pngjs')])
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await signIn(page, DEMO_USERS.admin)
    await page.goto(`${HOSPITAL_PATH}/admin/touchpoints`)
    const row = page.getByRole('row').filter({ hasText: touchpoint })
    const qrHref = await row.locator('a[href*="/qr/png"]').getAttribute('href')
    const png = PNG.sync.read(await (await page.request.get(qrHref!)).body())
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data
    if (!decoded) throw new Error(`the QR code of ${touchpoint} did not decode`)
    expect(decoded).toMatch(/\/q\/[A-Za-z0-9-]+$/)
    return decoded
  } finally {
    await context.close()
  }
}

/**
 * Every patient submission in an e2e run comes from 127.0.0.1, so the demo hospital's hourly
 * limit per IP (10 by default) would be shared by all specs. An admin raises it through the
 * settings page, as a hospital behind one NAT'd Wi-Fi would. Idempotent.
 */
export async function raisePatientIntakeLimit(browser: import('@playwright/test').Browser, perHour = 500): Promise<void> {
  const context = await browser.newContext({ locale: 'zh-CN' })
  try {
    const page = await context.newPage()
    await signIn(page, DEMO_USERS.admin)
    await page.goto(`${HOSPITAL_PATH}/admin/settings`)
    const m = messages('zh-CN')
    await page.getByLabel(m.settings.fields.intakeLimitPerHour, { exact: true }).fill(String(perHour))
    await page.getByLabel(m.settings.fields.intakeLimitPerHour, { exact: true }).press('Enter')
    await expect(page.getByLabel(m.settings.fields.intakeLimitPerHour, { exact: true })).toHaveValue(String(perHour))
  } finally {
    await context.close()
  }
}

/** An SMS the server wrote to its outbox (workers/transports/outbox.ts: `<message id>.sms.json`). */
export interface OutboxSms {
  file: string
  to: string
  body: string
}

/**
 * The SMS in the e2e server's outbox (DATA_DIR/outbox: no Twilio on the test server) sent to
 * `to` (E.164) whose file name matches `name`; none yet when the folder does not exist.
 */
export async function outboxSmsTo(to: string, name: RegExp = /\.sms\.json$/): Promise<OutboxSms[]> {
  const [{ readdir, readFile }, path, { E2E_OUTBOX_DIR }] = await Promise.all([import('node:fs/promises'), import('node:path'), import('./config.ts')])
  const files = await readdir(E2E_OUTBOX_DIR).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[]
    throw e
  })
  const found: OutboxSms[] = []
  for (const file of files.filter((f) => f.endsWith('.sms.json') && name.test(f)).sort()) {
    const sms = JSON.parse(await readFile(path.join(E2E_OUTBOX_DIR, file), 'utf8')) as { to: string; body: string }
    if (sms.to === to) found.push({ file, ...sms })
  }
  return found
}
