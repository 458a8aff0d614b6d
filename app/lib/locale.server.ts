import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, type Locale } from '#app/domain/locales.ts'

/** Browser choice (cookie) first, then the signed-in user's preference, then the browser's languages. */
export function resolveLocale(input: { cookieLocale: unknown; userLocale: Locale | null | undefined; acceptLanguage: string | null }): Locale {
  if (isLocale(input.cookieLocale)) return input.cookieLocale
  if (input.userLocale) return input.userLocale
  return localeFromAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LOCALE
}
