import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { dataValue, formatFigure } from '#app/components/boards/board-format.ts'
import type { Locale } from '#app/domain/locales.ts'
import { DIMENSIONS, type Dimension } from '#app/domain/survey-template.ts'

export interface BoardDimensionScore {
  key: string
  score: number
  count: number
  hospitalScore: number | null
}

const ROW = 34
const isDimension = (k: string): k is Dimension => (DIMENSIONS as readonly string[]).includes(k)

/**
 * The department's score per survey dimension beside the hospital's, as horizontal bars in a
 * box whose height is fixed by the number of dimensions (reserved before recharts draws), and
 * the same figures as a table.
 */
export function BoardDimensionChart({ dimensions }: { dimensions: readonly BoardDimensionScore[] }) {
  const { t, i18n } = useTranslation('boards')
  const { t: ts } = useTranslation('surveys')
  const locale = i18n.language as Locale
  const label = (k: string) => (isDimension(k) ? ts(`dimensions.${k}`) : k)
  const data = dimensions.map((d) => ({ name: label(d.key), score: Math.round(d.score * 10) / 10, hospital: d.hospitalScore === null ? null : Math.round(d.hospitalScore * 10) / 10 }))
  const height = Math.max(160, dimensions.length * ROW + 60)
  return (
    <section aria-labelledby="board-dimensions" className="card" data-board-dimensions="">
      <h2 id="board-dimensions">{t('dimensions.title')}</h2>
      <p className="hint">{t('dimensions.hint')}</p>
      {dimensions.length === 0 ? (
        <p>{t('dimensions.empty')}</p>
      ) : (
        <>
          <div style={{ height, width: '100%' }}>
            <ResponsiveContainer width="100%" height={height}>
              <BarChart data={data} layout="vertical" margin={{ top: 4, right: 12, bottom: 4, left: 4 }} accessibilityLayer title={t('dimensions.chartLabel')}>
                <CartesianGrid stroke="#e5e7eb" horizontal={false} />
                <XAxis type="number" domain={[0, 100]} fontSize={11} />
                <YAxis type="category" dataKey="name" width={110} fontSize={11} />
                <Tooltip />
                <Legend />
                <Bar dataKey="score" name={t('dimensions.score')} fill="#0b6e4f" isAnimationActive={false} />
                <Bar dataKey="hospital" name={t('dimensions.hospital')} fill="#9aa5b1" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <details>
            <summary>{t('dimensions.tableSummary')}</summary>
            <div className="table-wrap">
              <table data-chart-table="dimensions">
                <caption className="hint">{t('dimensions.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dimensions.dimension')}</th>
                    <th scope="col">{t('dimensions.score')}</th>
                    <th scope="col">{t('dimensions.hospital')}</th>
                    <th scope="col">{t('dimensions.count')}</th>
                  </tr>
                </thead>
                <tbody>
                  {dimensions.map((d) => (
                    <tr key={d.key} data-dimension={d.key}>
                      <th scope="row">{label(d.key)}</th>
                      <td className="num" data-of="department" data-value={dataValue(d.score)}>
                        {formatFigure('satisfaction', d.score, locale)}
                      </td>
                      <td className="num" data-of="hospital" data-value={dataValue(d.hospitalScore)}>
                        {formatFigure('satisfaction', d.hospitalScore, locale)}
                      </td>
                      <td className="num">{formatFigure('responses', d.count, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  )
}
