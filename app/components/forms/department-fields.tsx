import { useTranslation } from 'react-i18next'
import { DEPARTMENT_TYPES } from '#app/domain/departments.ts'
import { SelectField, TextField } from './field.tsx'

interface Values {
  name?: string
  nameEn?: string | null
  type?: string
  parentId?: string | null
}

export function DepartmentFields({
  values,
  errors,
  parents,
}: {
  values: Values
  errors: Record<string, string> | undefined
  parents: { id: string; name: string; depth: number }[]
}) {
  const { t } = useTranslation(['departments', 'common'])
  return (
    <>
      <TextField label={t('fields.name')} name="name" required maxLength={50} defaultValue={values.name ?? ''} error={errors?.name} />
      <TextField label={t('fields.nameEn')} name="nameEn" maxLength={80} defaultValue={values.nameEn ?? ''} error={errors?.nameEn} lang="en" />
      <SelectField label={t('fields.type')} name="type" required defaultValue={values.type ?? 'clinical'} error={errors?.type}>
        {DEPARTMENT_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`common:departmentTypes.${type}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('fields.parent')} name="parentId" defaultValue={values.parentId ?? ''} error={errors?.parentId}>
        <option value="">{t('fields.noParent')}</option>
        {parents.map((p) => (
          <option key={p.id} value={p.id}>
            {'\u3000'.repeat(p.depth)}
            {p.name}
          </option>
        ))}
      </SelectField>
    </>
  )
}
