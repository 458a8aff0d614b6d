import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { SelectField } from '#app/components/forms/field.tsx'
import { EVENT_FIELDS, type ColumnMapping } from '#app/domain/patient-event-rows.ts'

/** For each item of an event, a select of the file's columns (pre-set to the guess or the saved choice). */
export function ColumnMappingForm({ headers, columns }: { headers: string[]; columns: ColumnMapping }) {
  const { t } = useTranslation('surveys')
  return (
    <Form method="post" className="card" aria-label={t('events.mapping.title')}>
      <CsrfInput />
      <input type="hidden" name="intent" value="mapping" />
      <h2>{t('events.mapping.title')}</h2>
      <p className="muted">{t('events.mapping.intro')}</p>
      {EVENT_FIELDS.map((field) => (
        <SelectField key={field} label={t(`events.fields.${field}`)} name={field} defaultValue={columns[field]} hint={field === 'occurredAt' ? t('events.mapping.timeHint') : undefined}>
          <option value="">{t('events.mapping.notInFile')}</option>
          {headers.map((h, i) => (
            <option key={i} value={String(i)}>
              {h || `#${i + 1}`}
            </option>
          ))}
        </SelectField>
      ))}
      <SelectField label={t('events.mapping.fixedType')} name="fixedType" defaultValue={columns.fixedType} hint={t('events.mapping.fixedTypeHint')}>
        <option value="discharge">{t('events.types.discharge')}</option>
        <option value="visit">{t('events.types.visit')}</option>
      </SelectField>
      <button type="submit" className="secondary">
        {t('events.mapping.save')}
      </button>
    </Form>
  )
}
