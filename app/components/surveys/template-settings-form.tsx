import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { TextAreaField, TextField } from '#app/components/forms/field.tsx'
import { LABEL_MAX, type SurveyContent } from '#app/domain/survey-template.ts'

export function settingsFormValues(content: SurveyContent): Record<string, string> {
  return {
    titleZh: content.title['zh-CN'],
    titleEn: content.title.en,
    introZh: content.intro?.['zh-CN'] ?? '',
    introEn: content.intro?.en ?? '',
    paged: content.paged ? 'on' : '',
  }
}

/** The survey's title, introduction and page layout. */
export function TemplateSettingsForm({ values, errors = {} }: { values: Record<string, string>; errors?: Record<string, string> | undefined }) {
  const { t } = useTranslation('surveys')
  return (
    <Form method="post" className="card form" aria-labelledby="template-settings-title">
      <h2 id="template-settings-title">{t('templates.settings.title')}</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value="settings" />
      <TextField label={t('templates.settings.titleZh')} name="titleZh" maxLength={LABEL_MAX} defaultValue={values.titleZh ?? ''} error={errors.titleZh} />
      <TextField label={t('templates.settings.titleEn')} name="titleEn" maxLength={LABEL_MAX} lang="en" defaultValue={values.titleEn ?? ''} error={errors.titleEn} />
      <TextAreaField label={t('templates.settings.introZh')} name="introZh" rows={3} maxLength={LABEL_MAX} defaultValue={values.introZh ?? ''} error={errors.introZh} />
      <TextAreaField label={t('templates.settings.introEn')} name="introEn" rows={3} maxLength={LABEL_MAX} lang="en" defaultValue={values.introEn ?? ''} error={errors.introEn} />
      <div className="field checkbox">
        <label>
          <input type="checkbox" name="paged" value="on" defaultChecked={values.paged === 'on'} /> {t('templates.settings.paged')}
        </label>
      </div>
      <button type="submit" className="primary">
        {t('templates.settings.submit')}
      </button>
    </Form>
  )
}
