import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import type { Locale } from '#app/domain/locales.ts'
import type { SurveyTemplateContent } from '#app/domain/survey-template.ts'
import { CsrfInput } from '../forms/csrf-input.tsx'
import { ErrorSummary } from '../patient/form-parts.tsx'
import { SurveyQuestionInput, type SurveyValues } from './survey-question-input.tsx'

/**
 * The respondent's survey: every question on one page, or one question per page (`page`,
 * 1-based) with previous/next. Plain form posts: `intent` says which button was pressed,
 * `page` which question was shown, so the server saves the right answers.
 */
export function SurveyForm({
  content,
  locale,
  values,
  errors,
  wantsContact,
  page,
  action,
}: {
  content: SurveyTemplateContent
  locale: Locale
  values: SurveyValues
  /** Translated messages by question id. */
  errors: Record<string, string>
  wantsContact: boolean
  page: number | null
  action: string
}) {
  const { t } = useTranslation('surveys')
  const summaryRef = useRef<HTMLDivElement>(null)
  const hasErrors = Object.keys(errors).length > 0
  useEffect(() => {
    if (hasErrors) summaryRef.current?.focus()
  }, [hasErrors, errors])
  const count = content.questions.length
  const shown = page === null ? content.questions : [content.questions[page - 1]!]
  const last = page === null || page === count
  const intro = content.intro?.[locale]
  return (
    <section className="card survey" aria-labelledby="survey-title">
      <h1 id="survey-title">{content.title[locale]}</h1>
      {intro ? <p className="survey-intro">{intro}</p> : null}
      {content.questions.some((q) => q.required) ? <p className="hint">{t('page.requiredNote')}</p> : null}
      {page !== null ? (
        <p className="survey-progress">
          {t('page.progress', { page, count })}
          <progress max={count} value={page} aria-hidden="true" />
        </p>
      ) : null}
      <ErrorSummary formError={undefined} errors={errors} labels={content.questions.map((q) => [q.id, q.text[locale]])} summaryRef={summaryRef} />
      <Form method="post" action={action} className="survey-form" noValidate={false}>
        <CsrfInput />
        {page !== null ? <input type="hidden" name="page" value={page} /> : null}
        {shown.map((q) => (
          <SurveyQuestionInput key={q.id} question={q} locale={locale} values={values} error={errors[q.id]} />
        ))}
        {last ? (
          <fieldset className="field checkbox survey-contact">
            <legend>{t('page.wantsContactLegend')}</legend>
            <label>
              <input type="checkbox" name="wantsContact" value="on" defaultChecked={wantsContact} /> {t('page.wantsContact')}
            </label>
          </fieldset>
        ) : null}
        <div className="survey-actions">
          {/* The forward button comes first so Enter moves on; CSS puts "previous" on the left. */}
          <button type="submit" name="intent" value={last ? 'submit' : 'next'} className="primary big">
            {last ? t('page.submit') : t('page.next')}
          </button>
          {page !== null && page > 1 ? (
            <button type="submit" name="intent" value="previous" className="secondary" formNoValidate>
              {t('page.previous')}
            </button>
          ) : null}
        </div>
      </Form>
      <p className="hint">{t('page.privateLink')}</p>
    </section>
  )
}
