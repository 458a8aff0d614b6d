import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { LOCALES, type Locale } from '#app/domain/locales.ts'
import type { SurveyContent } from '#app/domain/survey-template.ts'
import { SurveyQuestionPreview } from './survey-question-preview.tsx'

/** The whole survey as a respondent sees it in `locale`, read-only, with a language toggle (?lang=). */
export function TemplatePreview({ content, locale }: { content: SurveyContent; locale: Locale }) {
  const { t, i18n } = useTranslation('surveys')
  const inPreviewLanguage = i18n.getFixedT(locale, 'surveys')
  const total = content.questions.length
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
      <div lang={locale} className="survey-preview">
        <h3>{content.title[locale]}</h3>
        {content.intro ? <p>{content.intro[locale]}</p> : null}
        {content.paged ? <p className="hint">{inPreviewLanguage('templates.preview.pagedNote')}</p> : null}
        {content.questions.map((q, i) => (
          <SurveyQuestionPreview key={q.id} question={q} locale={locale} number={i + 1} total={total} />
        ))}
        <button type="button" className="primary" disabled>
          {inPreviewLanguage('templates.preview.submit')}
        </button>
      </div>
    </section>
  )
}
