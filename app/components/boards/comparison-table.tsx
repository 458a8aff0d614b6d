import { useTranslation } from 'react-i18next'
import { dataValue, formatFigure, formatMean, type FigureKey, type Figures } from './board-format.ts'
import type { Locale } from '#app/domain/locales.ts'

/** Counts are compared with the mean department; scores and rates with the whole hospital. */
const COUNTS = ['responses', 'complaints', 'validComplaints', 'praise'] as const
type CountKey = (typeof COUNTS)[number]
const isCount = (k: FigureKey): k is CountKey => (COUNTS as readonly string[]).includes(k)

const HINTED = ['responseRate', 'resolutionRate', 'satisfiedRate', 'complaintRate'] as const
const hintOf = (k: FigureKey) => ((HINTED as readonly string[]).includes(k) ? (k as (typeof HINTED)[number]) : null)

export function ComparisonTable({
  figures,
  hospital,
  perDepartment,
  keys,
}: {
  figures: Figures
  hospital: Figures
  perDepartment: Record<CountKey, number | null>
  keys: readonly FigureKey[]
}) {
  const { t, i18n } = useTranslation('boards')
  const locale = i18n.language as Locale
  return (
    <section className="card" aria-labelledby="board-compare">
      <h2 id="board-compare">{t('compare.title')}</h2>
      <div className="table-wrap">
        <table data-board-compare="">
          <thead>
            <tr>
              <th scope="col">{t('compare.figure')}</th>
              <th scope="col">{t('compare.department')}</th>
              <th scope="col">{t('compare.hospital')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const hint = hintOf(key)
              const other = isCount(key) ? perDepartment[key] : hospital[key]
              return (
                <tr key={key} data-figure={key}>
                  <th scope="row">
                    {t(`figures.${key}`)}
                    {hint ? <div className="hint">{t(`figureHints.${hint}`)}</div> : null}
                  </th>
                  <td className="num" data-of="department" data-value={dataValue(figures[key])}>
                    {formatFigure(key, figures[key], locale)}
                  </td>
                  <td className="num" data-of="hospital" data-value={dataValue(other)}>
                    {isCount(key) ? `${formatMean(other, locale)}${t('compare.perDepartment')}` : formatFigure(key, other, locale)}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}
