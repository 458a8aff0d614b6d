import type { ZodError } from 'zod'
import type { Locale } from '#app/domain/locales.ts'
import { i18nFor } from './i18n.ts'

export type FieldErrors = Record<string, string>

/**
 * Turns zod issues into one translated message per field. Schemas use translation keys
 * (e.g. 'common:errors.required') as messages; anything else falls back to `fallbackKey`.
 */
export function toFieldErrors(error: ZodError, locale: Locale, fallbackKey = 'common:errors.required'): FieldErrors {
  const i18n = i18nFor(locale)
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_form')
    if (out[field]) continue
    const key = /^[a-z]+:[\w.]+$/i.test(issue.message) ? issue.message : fallbackKey
    const max = 'maximum' in issue ? Number(issue.maximum) : undefined
    out[field] = String(i18n.t(key as never, { max } as never))
  }
  return out
}
