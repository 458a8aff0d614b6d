import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { CaseTextArea } from './case-form-fields.tsx'

/** Staff-only notes on the case; they appear in the timeline, never on the patient's tracking page. */
export function CaseNoteForm({ max, value, error }: { max: number; value: string | undefined; error: string | undefined }) {
  const { t } = useTranslation('casePage')
  return (
    <Form method="post" className="card form" aria-labelledby="case-notes" key={value ?? 'fresh'}>
      <h2 id="case-notes">{t('notes.title')}</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value="addNote" />
      <CaseTextArea name="text" label={t('notes.label')} hint={t('notes.hint', { max })} maxLength={max} rows={3} defaultValue={value} error={error} required />
      <button type="submit" className="secondary">
        {t('notes.submit')}
      </button>
    </Form>
  )
}
