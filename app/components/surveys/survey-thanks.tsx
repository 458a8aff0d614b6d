import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Locale } from '#app/domain/locales.ts'

export interface SurveyHospital {
  name: string
  nameEn: string | null
}

/**
 * The survey page's frame: the hospital's name and a link to the other language. The survey
 * shows in the invitation's language, so the switch is a plain link (?lang=), not the
 * site-wide language cookie.
 */
export function SurveyShell({ hospital, locale, switchHref, children }: { hospital: SurveyHospital | null; locale: Locale; switchHref: string; children: ReactNode }) {
  const { t } = useTranslation(['patient', 'common'])
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en'
  const name = hospital ? (locale === 'en' && hospital.nameEn ? hospital.nameEn : hospital.name) : t('common:appName')
  return (
    <div className="patient" lang={locale}>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{name}</span>
        <a className="survey-language" href={switchHref} lang={other} hrefLang={other}>
          {t(`common:language.${other}`)}
        </a>
      </header>
      <main id="main" className="patient-main">
        {children}
      </main>
    </div>
  )
}

/** A page with only a kind message: unknown link, expired, already completed, or thanks. */
export function SurveyMessage({ title, body }: { title: string; body: string }) {
  return (
    <section className="card survey-message" role="status">
      <h1>{title}</h1>
      <p>{body}</p>
    </section>
  )
}

export type SurveyMessageKind = 'unknown' | 'expired' | 'completed' | 'thanks'

/** The message for a link that shows no questions. */
export function SurveyClosed({ kind }: { kind: SurveyMessageKind }) {
  const { t } = useTranslation('surveys')
  return <SurveyMessage title={t(`page.${kind}Title`)} body={t(`page.${kind}Body`)} />
}
