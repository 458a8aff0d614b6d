import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts'
import { isLocale } from '#app/domain/locales.ts'
import { formatNumber } from '#app/lib/format.ts'

export interface PublicBoardChartRow {
  departmentId: string
  name: string
  responses: number
  /** 0–100, or null for "too few responses". */
  score: number | null
}

/** Bar height per department: the box grows with the list so nothing is squeezed on a phone. */
const ROW_HEIGHT = 34
const PADDING = 40

/**
 * Satisfaction by department as horizontal bars (names stay readable on a phone) in a box whose
 * height is reserved from the row count, so nothing moves when recharts draws after hydration;
 * the same figures, including the departments with too few responses, follow as a table that
 * readers without JavaScript see.
 */
export function PublicBoardChart({ rows }: { rows: readonly PublicBoardChartRow[] }) {
  const { t, i18n } = useTranslation('publicBoard')
  const locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  const scored = rows.filter((r): r is PublicBoardChartRow & { score: number } => r.score !== null)
  const height = scored.length * ROW_HEIGHT + PADDING
  return (
    <section aria-labelledby="public-board-chart" className="card" data-public-board="">
      <h2 id="public-board-chart">{t('chartTitle')}</h2>
      {scored.length > 0 && scored.length < rows.length ? <p className="hint">{t('chartHint')}</p> : null}
      {scored.length > 0 ? (
        <>
          {/* Without JavaScript nothing draws in the box: leave no empty space above the table. */}
          <noscript>
            <style>{'[data-chart-box]{display:none}'}</style>
          </noscript>
          <div data-chart-box="" style={{ height, width: '100%' }} aria-hidden="true">
            <Bars rows={scored} height={height} title={t('chartTitle')} />
          </div>
        </>
      ) : null}
      <div className="table-wrap">
        <table data-board-table="">
          <caption className="visually-hidden">{t('chartTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('department')}</th>
              <th scope="col">{t('score')}</th>
              <th scope="col">{t('responses')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.departmentId} data-department={r.departmentId}>
                <th scope="row">{r.name}</th>
                <td data-score={r.score ?? ''}>{r.score === null ? t('tooFew') : formatNumber(r.score, locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}</td>
                <td>{formatNumber(r.responses, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** recharts draws after hydration (nothing on the server): the box above holds its place. */
function Bars({ rows, height, title }: { rows: readonly (PublicBoardChartRow & { score: number })[]; height: number; title: string }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={[...rows]} layout="vertical" margin={{ top: 4, right: 36, bottom: 4, left: 4 }} accessibilityLayer title={title}>
        <CartesianGrid stroke="#e5e7eb" horizontal={false} />
        <XAxis type="number" domain={[0, 100]} fontSize={11} />
        <YAxis type="category" dataKey="name" width={110} fontSize={11} interval={0} />
        <Bar dataKey="score" fill="#059669" isAnimationActive={false} barSize={18}>
          <LabelList dataKey="score" position="right" fontSize={11} formatter={(v) => (typeof v === 'number' ? v.toFixed(1) : String(v ?? ''))} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  )
}
