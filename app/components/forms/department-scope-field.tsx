import { useId } from 'react'
import { useTranslation } from 'react-i18next'

export interface ScopeChoice {
  id: string
  name: string
  nameEn: string | null
  active?: boolean
}

/** The department name in the reader's language. */
export function useDepartmentName() {
  const { t, i18n } = useTranslation('staff')
  return (d: ScopeChoice) => {
    const name = i18n.language === 'en' && d.nameEn ? d.nameEn : d.name
    return d.active === false ? t('members.inactiveDepartment', { name }) : name
  }
}

/** Checkboxes of departments for a staff member's scope, with a hint and an announced error. */
export function DepartmentScopeField({ choices, selected, error }: { choices: ScopeChoice[]; selected: readonly string[]; error?: string | undefined }) {
  const { t } = useTranslation('staff')
  const id = useId()
  const departmentName = useDepartmentName()
  const checked = new Set(selected)
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ')
  return (
    <fieldset className={`field checkbox${error ? ' has-error' : ''}`} aria-describedby={describedBy}>
      <legend>{t('invite.scope')}</legend>
      <p className="hint" id={`${id}-hint`}>
        {choices.length === 0 ? t('invite.noDepartments') : t('invite.scopeHint')}
      </p>
      {choices.map((d) => (
        <label key={d.id} className="checkbox">
          <input type="checkbox" name="departmentIds" value={d.id} defaultChecked={checked.has(d.id)} /> {departmentName(d)}
        </label>
      ))}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}
