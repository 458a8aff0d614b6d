import { useMemo } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { LOCALES, type Locale } from '#app/domain/locales.ts'
import type { SurveyContent } from '#app/domain/survey-template.ts'
import { i18nFor } from '#app/lib/i18n.ts'
import { SurveyQuestionInput } from './survey-question-input.tsx'

/** The whole survey as a respondent sees it in `locale` (the survey page's own question markup), read-only, with a language toggle (?lang=). */
export function TemplatePreview({ content, locale }: { content: SurveyContent; locale: Locale }) {
  const { t, i18n } = useTranslation('surveys')
  const inPreviewLanguage = i18n.getFixedT(locale, 'surveys')
  const previewI18n = useMemo(() => i18nFor(locale), [locale])
  const hasRating = content.questions.some((q) => q.type === 'rating')
  return (
    <section className="card" id="preview" aria-labelledby="preview-title" data-preview-lang={locale}>
      <h2 id="preview-title">{t('templates.preview.title')}</h2>
      <p className="hint">{t('templates.preview.hint')}</p>
      <p>
        {t('templates.preview.language')}:{' '}
        {LOCALES.map((l) =>
          l === locale ? (
            <strong key={l} aria-current="true">
              {t(l === 'en' ? 'templates.preview.en' : 'templates.preview.zh')}{' '}
            </strong>
          ) : (
            <Link key={l} to={`?lang=${l}#preview`}>
              {t(l === 'en' ? 'templates.preview.en' : 'templates.preview.zh')}{' '}
            </Link>
          ),
        )}
      </p>
      <fieldset disabled lang={locale} className="survey-preview">
        <h3>{content.title[locale]}</h3>
        {content.intro ? <p>{content.intro[locale]}</p> : null}
        {content.paged ? <p className="hint">{inPreviewLanguage('templates.preview.pagedNote')}</p> : null}
        {hasRating ? <p className="hint">{inPreviewLanguage('templates.preview.ratingScale')}</p> : null}
        <I18nextProvider i18n={previewI18n}>
          {content.questions.map((q) => (
            <SurveyQuestionInput key={q.id} question={q} locale={locale} values={{}} error={undefined} disabled />
          ))}
        </I18nextProvider>
        <button type="button" className="primary" disabled>
          {inPreviewLanguage('templates.preview.submit')}
        </button>
      </fieldset>
    </section>
  )
}
