import { useTranslation } from 'react-i18next'
import { formatDateTime } from '#app/lib/format.ts'
import { ClockState, type CaseClock } from './case-clocks.tsx'
import { useCaseNames } from './case-names.tsx'
import { CaseText } from './case-text.tsx'

export interface InvolvedDepartment {
  departmentId: string
  involvedAt: string
  findings: string | null
  findingsRecordedAt: string | null
  findingsByUserId: string | null
}

/** The departments patient service asked to investigate, with their findings or the clock still running for them. */
export function CaseDepartments({ involved, clocks }: { involved: InvolvedDepartment[]; clocks: CaseClock[] }) {
  const { t } = useTranslation('casePage')
  const { department, user, locale, timeZone } = useCaseNames()
  const at = (iso: string) => formatDateTime(iso, locale, timeZone)
  return (
    <section className="card" aria-labelledby="case-departments">
      <h2 id="case-departments">{t('departments.title')}</h2>
      {involved.length === 0 ? (
        <p>{t('departments.none')}</p>
      ) : (
        <ul className="plain-list">
          {involved.map((d) => {
            const clock = clocks.find((c) => c.kind === 'findings' && c.departmentId === d.departmentId)
            return (
              <li key={d.departmentId} data-involved={d.departmentId}>
                <h3>{department(d.departmentId)}</h3>
                <p className="hint">{t('departments.involvedAt', { at: at(d.involvedAt) })}</p>
                {d.findings && d.findingsRecordedAt ? (
                  <>
                    <CaseText data-findings>{d.findings}</CaseText>
                    <p className="hint">{t('departments.findingsBy', { user: user(d.findingsByUserId), at: at(d.findingsRecordedAt) })}</p>
                  </>
                ) : (
                  <p data-awaiting-findings>{t('departments.awaiting')}</p>
                )}
                {clock ? <ClockState clock={clock} /> : null}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
