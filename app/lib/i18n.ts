import i18next, { type i18n as I18n } from 'i18next'
import { DEFAULT_LOCALE, type Locale } from '#app/domain/locales.ts'
import { resources } from '#app/locales/index.ts'

export const NAMESPACES = Object.keys(resources[DEFAULT_LOCALE]) as (keyof (typeof resources)['zh-CN'])[]

/** One i18next instance per render (server) or per locale (browser); resources are bundled. */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance()
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
  return createI18n(locale).t
}
