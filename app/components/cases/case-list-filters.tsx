import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { SelectField, TextField } from '#app/components/forms/field.tsx'
import { CASE_LIST_SORTS, SEARCH_MAX_LENGTH, caseListSearch, type CaseListFilters } from '#app/domain/case-list-filters.ts'
import { CASE_STATUSES } from '#app/domain/case-status.ts'
import { sortAsTree } from '#app/domain/department-tree.ts'
import { CATEGORIES, CHANNELS } from '#app/domain/intake.ts'

export interface FilterOptions {
  departments: { id: string; parentId: string | null; name: string; nameEn: string | null; active: boolean; sortOrder: number }[]
  owners: { id: string; name: string }[]
}

/** The list's filters as a plain GET form: works without JavaScript, and its URL is the list. */
export function CaseListFilterForm({ filters, options, action }: { filters: CaseListFilters; options: FilterOptions; action: string }) {
  const { t, i18n } = useTranslation(['caseList', 'cases', 'intake'])
  const departmentName = (d: { name: string; nameEn: string | null }) => (i18n.language === 'en' && d.nameEn ? d.nameEn : d.name)
  const checked = new Set<string>(filters.status)
  return (
    // A new key per query, so the fields show the list being looked at after client-side navigation.
    <Form method="get" action={action} className="card" aria-label={t('filters.legend')} key={caseListSearch(filters, { page: 1 })} data-case-filters="">
      <TextField label={t('filters.q')} name="q" type="search" maxLength={SEARCH_MAX_LENGTH} defaultValue={filters.q ?? ''} hint={t('filters.qHint')} />
      <fieldset className="field checkbox">
        <legend>{t('filters.status')}</legend>
        <div>
          {CASE_STATUSES.map((s) => (
            <label key={s}>
              <input type="checkbox" name="status" value={s} defaultChecked={checked.has(s)} /> {t(`cases:statuses.${s}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 1rem' }}>
        <SelectField label={t('filters.department')} name="department" defaultValue={filters.department ?? ''} hint={t('filters.departmentHint')}>
          <option value="">{t('filters.anyDepartment')}</option>
          {sortAsTree(options.departments).map((d) => (
            <option key={d.id} value={d.id}>
              {`${'\u3000'.repeat(d.depth)}${departmentName(d)}`}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('filters.owner')} name="owner" defaultValue={filters.owner ?? ''}>
          <option value="">{t('filters.anyOwner')}</option>
          <option value="me">{t('filters.me')}</option>
          {options.owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('filters.category')} name="category" defaultValue={filters.category ?? ''}>
          <option value="">{t('filters.anyCategory')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`intake:categories.${c}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('filters.channel')} name="channel" defaultValue={filters.channel ?? ''}>
          <option value="">{t('filters.anyChannel')}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`intake:channels.${c}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('filters.sort')} name="sort" defaultValue={filters.sort}>
          {CASE_LIST_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`filters.sorts.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 1rem' }}>
        <TextField label={t('filters.from')} name="from" type="date" defaultValue={filters.from ?? ''} />
        <TextField label={t('filters.until')} name="until" type="date" defaultValue={filters.until ?? ''} />
      </div>
      <fieldset className="field checkbox">
        <legend>{t('filters.flags')}</legend>
        <div>
          <label>
            <input type="checkbox" name="overdue" value="yes" defaultChecked={Boolean(filters.overdue)} /> {t('filters.overdue')}
          </label>
          <label>
            <input type="checkbox" name="dueSoon" value="yes" defaultChecked={Boolean(filters.dueSoon)} /> {t('filters.dueSoon')}
          </label>
          <label>
            <input type="checkbox" name="urgent" value="yes" defaultChecked={Boolean(filters.urgent)} /> {t('filters.urgent')}
          </label>
        </div>
      </fieldset>
      <p>
        <button type="submit" className="primary">
          {t('filters.apply')}
        </button>{' '}
        <Link to={action}>{t('filters.reset')}</Link>
      </p>
    </Form>
  )
}
