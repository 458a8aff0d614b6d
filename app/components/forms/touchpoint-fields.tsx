import { useTranslation } from 'react-i18next'
import { SelectField, TextField } from './field.tsx'

interface Values {
  name?: string
  nameEn?: string | null
  departmentId?: string
}

export interface DepartmentOption {
  id: string
  name: string
  nameEn: string | null
  depth: number
  active: boolean
}

/** A department's name in the reader's language, indented by its depth in the tree (plain text for <option>). */
export function useDepartmentLabel() {
  const { t, i18n } = useTranslation('touchpoints')
  return (department: DepartmentOption) => {
    const name = i18n.language === 'en' && department.nameEn ? department.nameEn : department.name
    return `${'\u3000'.repeat(department.depth)}${name}${department.active ? '' : t('filter.inactiveSuffix')}`
  }
}

export function TouchpointFields({ values, errors, departments }: { values: Values; errors: Record<string, string> | undefined; departments: DepartmentOption[] }) {
  const { t } = useTranslation(['touchpoints', 'common'])
  const label = useDepartmentLabel()
  return (
    <>
      <TextField label={t('fields.name')} name="name" required maxLength={50} defaultValue={values.name ?? ''} error={errors?.name} hint={t('fields.nameHint')} />
      <TextField label={t('fields.nameEn')} name="nameEn" maxLength={80} defaultValue={values.nameEn ?? ''} error={errors?.nameEn} lang="en" />
      <SelectField label={t('fields.department')} name="departmentId" required defaultValue={values.departmentId ?? ''} error={errors?.departmentId}>
        <option value="">{t('fields.chooseDepartment')}</option>
        {departments.map((d) => (
          <option key={d.id} value={d.id}>
            {label(d)}
          </option>
        ))}
      </SelectField>
    </>
  )
}
