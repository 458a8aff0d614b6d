import i18next, { type i18n as I18n } from 'i18next'
import { DEFAULT_LOCALE, type Locale } from '#app/domain/locales.ts'
import { resources } from '#app/locales/index.ts'

export const NAMESPACES = Object.keys(resources[DEFAULT_LOCALE]) as (keyof (typeof resources)['zh-CN'])[]

const instances = new Map<Locale, I18n>()

/**
 * One i18next instance per locale, built once per process (server) or page (browser): setting
 * one up costs about a millisecond, and nothing ever changes its language afterwards.
 */
export function i18nFor(locale: Locale): I18n {
  let instance = instances.get(locale)
  if (instance) return instance
  instance = i18next.createInstance()
  instances.set(locale, instance)
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources,
    ns: NAMESPACES,
    defaultNS: 'common',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  })
  return instance
}

/** A translate function for server code (error messages returned from actions). */
export function translator(locale: Locale) {
  return i18nFor(locale).t
}
