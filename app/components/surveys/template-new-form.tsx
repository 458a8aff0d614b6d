import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { TextField } from '#app/components/forms/field.tsx'

/** The "new template" form: both names are required, the template starts with one question. */
export function TemplateNewForm({ errors = {}, values = {} }: { errors?: Record<string, string> | undefined; values?: Record<string, string> | undefined }) {
  const { t } = useTranslation('surveys')
  return (
    <Form method="post" className="card form" aria-labelledby="new-template-title">
      <h2 id="new-template-title">{t('templates.newTemplate.title')}</h2>
      <p className="hint">{t('templates.newTemplate.hint')}</p>
      <CsrfInput />
      <input type="hidden" name="intent" value="create" />
      <TextField label={t('templates.newTemplate.name')} name="name" required maxLength={100} defaultValue={values.name ?? ''} error={errors.name} />
      <TextField label={t('templates.newTemplate.nameEn')} name="nameEn" required maxLength={100} defaultValue={values.nameEn ?? ''} error={errors.nameEn} lang="en" />
      <button type="submit" className="primary">
        {t('templates.newTemplate.submit')}
      </button>
    </Form>
  )
}
