import { useTranslation } from 'react-i18next'
import { FormError, SelectField, TextField } from '#app/components/forms/field.tsx'
import { TEXT_MAX } from '#app/domain/intake.ts'

export interface AssignOptions {
  assignees: { id: string; name: string }[]
  patientServiceDepartment: { id: string; name: string; nameEn: string | null } | null
}

/** The assignee and note under the table; the surrounding POST form carries the ticked cases. */
export function CaseListBulkAssign({
  options,
  values,
  errors,
}: {
  options: AssignOptions
  values?: { assignTo?: string; note?: string } | undefined
  errors?: Record<string, string> | undefined
}) {
  const { t, i18n } = useTranslation('caseList')
  const queue = options.patientServiceDepartment
  const queueName = queue ? (i18n.language === 'en' && queue.nameEn ? queue.nameEn : queue.name) : null
  return (
    <fieldset className="card" data-bulk-assign="">
      <legend>{t('bulk.legend')}</legend>
      <p className="hint">{t('bulk.hint')}</p>
      <FormError message={errors?.caseIds} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 1rem', alignItems: 'flex-start' }}>
        <SelectField label={t('bulk.assignTo')} name="assignTo" required defaultValue={values?.assignTo ?? ''} error={errors?.assignTo}>
          <option value="">{t('bulk.chooseAssignee')}</option>
          {queueName ? <option value="queue">{t('bulk.queue', { department: queueName })}</option> : null}
          {options.assignees.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t('bulk.note')} name="note" maxLength={TEXT_MAX} defaultValue={values?.note ?? ''} error={errors?.note} />
      </div>
      <button type="submit" className="primary">
        {t('bulk.submit')}
      </button>
    </fieldset>
  )
}
