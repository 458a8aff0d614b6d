import { useTranslation } from 'react-i18next'
import type { BulkAssignOutcome } from '#app/domain/case-list-filters.ts'

/** What the last bulk assignment did, per case number; refusals in the case rules' own words. */
export function CaseListOutcome({ outcomes }: { outcomes: readonly BulkAssignOutcome[] }) {
  const { t, i18n } = useTranslation(['caseList', 'cases'])
  const assigned = outcomes.filter((o) => o.ok).map((o) => o.number)
  const refused = outcomes.flatMap((o) => (o.ok ? [] : [o]))
  const reason = (key: string) => (i18n.exists(`cases:errors.${key}`) ? String(t(`cases:errors.${key}` as never)) : t('bulk.refusedOther'))
  return (
    <div data-bulk-outcome="">
      {assigned.length ? (
        <p className="notice" role="status">
          {t('bulk.assigned', { count: assigned.length, numbers: assigned.join(t('listSeparator')) })}
        </p>
      ) : null}
      {refused.length ? (
        <div className="warning" role="alert">
          <p style={{ margin: 0 }}>{t('bulk.refused')}</p>
          <ul style={{ margin: '0.25rem 0 0' }}>
            {refused.map((o, i) => (
              <li key={`${o.number}-${i}`} data-refused={o.number}>
                {t('bulk.refusedItem', { number: o.number, reason: reason(o.reason) })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}
