import { useTranslation } from 'react-i18next'
import { Form, useLocation } from 'react-router'
import { LOCALES } from '#app/domain/locales.ts'
import { CsrfInput } from '../forms/csrf-input.tsx'

/** Switches language by a plain form post, so it works without JavaScript. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation()
  const location = useLocation()
  const current = i18n.language
  return (
    <Form method="post" action="/language" className="language-switch" aria-label={t('language.label')}>
      <CsrfInput />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {LOCALES.map((locale) => (
        <button key={locale} type="submit" name="locale" value={locale} aria-pressed={current === locale} lang={locale} disabled={current === locale}>
          {t(`language.${locale}`)}
        </button>
      ))}
    </Form>
  )
}
