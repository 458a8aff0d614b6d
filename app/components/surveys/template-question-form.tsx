import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, SelectField, TextAreaField, TextField } from '#app/components/forms/field.tsx'
import { CHOICES_MAX, DIMENSIONS, LABEL_MAX, QUESTION_TYPES, type SurveyQuestion } from '#app/domain/survey-template.ts'

export type QuestionFormValues = Record<string, string>

/** The form's fields for a stored question, as the editor shows them. */
export function questionFormValues(q: SurveyQuestion): QuestionFormValues {
  return {
    type: q.type,
    dimension: q.dimension,
    required: q.required ? 'on' : '',
    textZh: q.text['zh-CN'],
    textEn: q.text.en,
    helpZh: q.help?.['zh-CN'] ?? '',
    helpEn: q.help?.en ?? '',
    choices: 'choices' in q && q.choices ? q.choices.map((c) => `${c.label['zh-CN']} | ${c.label.en}`).join('\n') : '',
    allowComplaint: q.type === 'text' && q.allowComplaint ? 'on' : '',
  }
}

const NEW_QUESTION: QuestionFormValues = { type: 'rating', dimension: 'overall', required: 'on' }

/** Adds a question, or edits one when `questionId` is given. Plain POST; keeps what was typed on error. */
export function TemplateQuestionForm({
  questionId,
  number,
  values,
  errors = {},
  formError,
}: {
  questionId?: string | undefined
  number?: number | undefined
  values?: QuestionFormValues | undefined
  errors?: Record<string, string> | undefined
  formError?: string | undefined
}) {
  const { t } = useTranslation('surveys')
  const v = values ?? NEW_QUESTION
  const editing = questionId !== undefined
  return (
    <Form method="post" className="card form" id="question-form" aria-labelledby="question-form-title">
      <h2 id="question-form-title">{editing ? t('templates.questionForm.editTitle', { number }) : t('templates.questionForm.addTitle')}</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value={editing ? 'editQuestion' : 'addQuestion'} />
      {editing ? <input type="hidden" name="questionId" value={questionId} /> : null}
      <FormError message={formError ?? errors._form} />
      <SelectField label={t('templates.questionForm.type')} name="type" defaultValue={v.type ?? 'rating'} error={errors.type}>
        {QUESTION_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`templates.types.${type}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('templates.questionForm.dimension')} name="dimension" defaultValue={v.dimension ?? 'overall'} error={errors.dimension}>
        {DIMENSIONS.map((d) => (
          <option key={d} value={d}>
            {t(`dimensions.${d}`)}
          </option>
        ))}
      </SelectField>
      <div className="field checkbox">
        <label>
          <input type="checkbox" name="required" value="on" defaultChecked={v.required === 'on'} /> {t('templates.questionForm.required')}
        </label>
      </div>
      <TextAreaField label={t('templates.questionForm.textZh')} name="textZh" rows={2} maxLength={LABEL_MAX} defaultValue={v.textZh ?? ''} error={errors.textZh} />
      <TextAreaField label={t('templates.questionForm.textEn')} name="textEn" rows={2} maxLength={LABEL_MAX} lang="en" defaultValue={v.textEn ?? ''} error={errors.textEn} />
      <TextField label={t('templates.questionForm.helpZh')} name="helpZh" maxLength={LABEL_MAX} defaultValue={v.helpZh ?? ''} error={errors.helpZh} hint={t('templates.questionForm.helpHint')} />
      <TextField label={t('templates.questionForm.helpEn')} name="helpEn" maxLength={LABEL_MAX} lang="en" defaultValue={v.helpEn ?? ''} error={errors.helpEn} />
      <TextAreaField
        label={t('templates.questionForm.choices')}
        name="choices"
        rows={Math.min(CHOICES_MAX, Math.max(4, (v.choices ?? '').split('\n').length + 1))}
        defaultValue={v.choices ?? ''}
        error={errors.choices}
        hint={t('templates.questionForm.choicesHint')}
      />
      <div className={`field checkbox${errors.allowComplaint ? ' has-error' : ''}`}>
        <label>
          <input type="checkbox" name="allowComplaint" value="on" defaultChecked={v.allowComplaint === 'on'} /> {t('templates.questionForm.allowComplaint')}
        </label>
        {errors.allowComplaint ? (
          <p className="error" role="alert">
            {errors.allowComplaint}
          </p>
        ) : null}
      </div>
      <button type="submit" className="primary">
        {editing ? t('templates.questionForm.save') : t('templates.questionForm.add')}
      </button>
      {editing ? (
        <>
          {' '}
          <Link to="?">{t('templates.questionForm.cancel')}</Link>
        </>
      ) : null}
    </Form>
  )
}
