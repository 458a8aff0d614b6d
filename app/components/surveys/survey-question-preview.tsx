import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { Locale } from '#app/domain/locales.ts'
import { NPS_MAX, NPS_MIN, RATING_MAX, RATING_MIN, type SurveyQuestion } from '#app/domain/survey-template.ts'

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

/**
 * One question as a respondent sees it, in `locale`. `disabled` renders the controls
 * read-only (the editor's preview); the survey page reuses the same markup live.
 */
export function SurveyQuestionPreview({ question, locale, number, total, disabled = true }: { question: SurveyQuestion; locale: Locale; number: number; total: number; disabled?: boolean }) {
  const { i18n } = useTranslation('surveys')
  const t = i18n.getFixedT(locale, 'surveys')
  const id = useId()
  const name = question.id
  return (
    <fieldset className="field survey-question" data-question={question.id} data-type={question.type} lang={locale}>
      <legend>
        <span className="muted">{t('templates.preview.questionNumber', { number, total })}</span> {question.text[locale]}
        {question.required ? <span className="required"> （{t('templates.preview.required')}）</span> : null}
      </legend>
      {question.help ? <p className="hint">{question.help[locale]}</p> : null}
      {question.type === 'rating' || question.type === 'nps' ? (
        <>
          <p className="hint">{t(question.type === 'rating' ? 'templates.preview.ratingScale' : 'templates.preview.npsScale')}</p>
          <div className="scale">
            {(question.type === 'rating' ? range(RATING_MIN, RATING_MAX) : range(NPS_MIN, NPS_MAX)).map((v) => (
              <label key={v}>
                <input type="radio" name={name} value={v} disabled={disabled} required={question.required} /> {v}
              </label>
            ))}
          </div>
        </>
      ) : null}
      {question.type === 'single_choice' || question.type === 'multiple_choice' ? (
        <div>
          {question.choices.map((c) => (
            <label key={c.id}>
              <input type={question.type === 'single_choice' ? 'radio' : 'checkbox'} name={name} value={c.id} disabled={disabled} /> {c.label[locale]}
            </label>
          ))}
        </div>
      ) : null}
      {question.type === 'text' ? (
        <>
          <textarea id={`${id}-text`} name={name} rows={3} disabled={disabled} aria-label={question.text[locale]} />
          {question.allowComplaint ? (
            <label>
              <input type="checkbox" name={`${name}_complaint`} value="on" disabled={disabled} /> {t('templates.preview.complaint')}
            </label>
          ) : null}
        </>
      ) : null}
    </fieldset>
  )
}
