import { useTranslation } from 'react-i18next'
import type { Locale } from '#app/domain/locales.ts'
import { ANSWER_TEXT_MAX, complaintFieldName } from '#app/domain/survey-answers.ts'
import { NPS_MAX, NPS_MIN, RATING_MAX, RATING_MIN, type SurveyQuestion } from '#app/domain/survey-template.ts'
import { FieldError, fieldId } from '../patient/form-parts.tsx'
import { TextAreaWithCounter } from '../patient/text-area-counter.tsx'

/** Form field name → values, as posted or as saved (question ids and `<id>.complaint`). */
export type SurveyValues = Record<string, string[]>

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i))

/**
 * One question on the respondent's page: a fieldset per question (a labelled textarea for text).
 * `disabled` shows it read-only, as the template editor's preview does.
 */
export function SurveyQuestionInput({ question, locale, values, error, disabled = false }: { question: SurveyQuestion; locale: Locale; values: SurveyValues; error: string | undefined; disabled?: boolean }) {
  const { t } = useTranslation('surveys')
  const name = question.id
  const text = question.text[locale]
  const help = question.help?.[locale]
  const picked = values[name] ?? []
  const mark = question.required ? (
    <>
      <span aria-hidden="true"> *</span>
      <span className="visually-hidden">{t('page.requiredMark')}</span>
    </>
  ) : null

  if (question.type === 'text') {
    return (
      <div className="survey-question" data-question={name}>
        <TextAreaWithCounter name={name} label={question.required ? `${text} *` : text} hint={help} error={error} max={ANSWER_TEXT_MAX} defaultValue={picked[0]} rows={5} required={question.required} />
        {question.allowComplaint ? (
          <div className="field checkbox survey-complaint">
            <label>
              <input type="checkbox" name={complaintFieldName(name)} value="on" defaultChecked={(values[complaintFieldName(name)] ?? []).length > 0} disabled={disabled} /> {t('page.complaint')}
            </label>
          </div>
        ) : null}
      </div>
    )
  }

  const options: [value: string, label: string][] =
    question.type === 'rating'
      ? range(RATING_MIN, RATING_MAX).map((v) => [v, `${v} ${t(`page.ratings.${v}` as 'page.ratings.1')}`])
      : question.type === 'nps'
        ? range(NPS_MIN, NPS_MAX).map((v) => [v, v])
        : question.choices.map((c) => [c.id, c.label[locale]])
  const multiple = question.type === 'multiple_choice'
  const hintId = `${fieldId(name)}-hint`
  const hint = [help, multiple ? t('page.multipleHint') : null].filter(Boolean).join(' ')
  // The scale's end labels show under the buttons; screen readers get them with the question.
  const scaleEnds = question.type === 'nps' ? `${t('page.npsLow')}；${t('page.npsHigh')}` : null
  const describedBy = [hint || scaleEnds ? hintId : null, error ? `${fieldId(name)}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <fieldset className={`field choices survey-question survey-${question.type}${error ? ' has-error' : ''}`} aria-describedby={describedBy} data-question={name}>
      <legend>
        {text}
        {mark}
      </legend>
      {hint || scaleEnds ? (
        <p className={hint ? 'hint' : 'visually-hidden'} id={hintId}>
          {hint}
          {scaleEnds ? <span className="visually-hidden">{scaleEnds}</span> : null}
        </p>
      ) : null}
      <div className={`choice-list${question.type === 'nps' ? ' nps-scale' : question.type === 'rating' ? ' rating-scale' : ''}`}>
        {options.map(([value, label], i) => (
          <label key={value} className="choice">
            <input
              type={multiple ? 'checkbox' : 'radio'}
              id={i === 0 ? fieldId(name) : undefined}
              name={name}
              value={value}
              defaultChecked={picked.includes(value)}
              required={question.required && !multiple}
              aria-invalid={error ? true : undefined}
              disabled={disabled}
            />{' '}
            <span>{label}</span>
          </label>
        ))}
      </div>
      {question.type === 'nps' ? (
        <p className="nps-ends" aria-hidden="true">
          <span>{t('page.npsLow')}</span>
          <span>{t('page.npsHigh')}</span>
        </p>
      ) : null}
      <FieldError name={name} error={error} />
    </fieldset>
  )
}
