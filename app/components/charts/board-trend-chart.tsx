import { useTranslation } from 'react-i18next'
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { dataValue, formatFigure, monthLabel } from '#app/components/boards/board-format.ts'
import type { Locale } from '#app/domain/locales.ts'

export interface BoardTrendPoint {
  /** YYYY-MM. */
  month: string
  responses: number
  satisfaction: number | null
  complaints: number
  validComplaints: number
}

const HEIGHT = 260
const SATISFACTION = '#0b6e4f'
const COMPLAINTS = '#b42318'

/**
 * A department's last 12 months: satisfaction (left axis) and complaints (right axis) as lines
 * in a box of fixed height (recharts draws only after hydration, so nothing moves), and the
 * same figures as a table for screen readers and readers without JavaScript.
 */
export function BoardTrendChart({ points }: { points: readonly BoardTrendPoint[] }) {
  const { t, i18n } = useTranslation('boards')
  const locale = i18n.language as Locale
  const labels = { satisfaction: t('figures.satisfaction'), complaints: t('figures.complaints') }
  return (
    <section aria-labelledby="board-trend" className="card" data-board-trend="">
      <h2 id="board-trend">{t('trend.title')}</h2>
      <p className="hint">{t('trend.hint')}</p>
      <div style={{ height: HEIGHT, width: '100%' }}>
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={[...points]} margin={{ top: 12, right: 4, bottom: 4, left: 0 }} accessibilityLayer title={t('trend.chartLabel')}>
            <CartesianGrid stroke="#e5e7eb" vertical={false} />
            <XAxis dataKey="month" tickFormatter={(m: string) => m.slice(2)} fontSize={11} />
            <YAxis yAxisId="score" domain={[0, 100]} fontSize={11} width={36} />
            <YAxis yAxisId="count" orientation="right" allowDecimals={false} fontSize={11} width={36} />
            <Tooltip />
            <Line yAxisId="score" type="monotone" dataKey="satisfaction" name={labels.satisfaction} stroke={SATISFACTION} strokeWidth={2} connectNulls isAnimationActive={false} />
            <Line yAxisId="count" type="monotone" dataKey="complaints" name={labels.complaints} stroke={COMPLAINTS} strokeWidth={2} strokeDasharray="6 4" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>{t('trend.tableSummary')}</summary>
        <div className="table-wrap">
          <table data-chart-table="trend">
            <caption className="hint">{t('trend.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('trend.month')}</th>
                <th scope="col">{t('figures.responses')}</th>
                <th scope="col">{labels.satisfaction}</th>
                <th scope="col">{labels.complaints}</th>
                <th scope="col">{t('figures.validComplaints')}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.month} data-month={p.month}>
                  <th scope="row">{monthLabel(p.month, locale, 'short')}</th>
                  <td className="num" data-series="responses" data-value={p.responses}>
                    {formatFigure('responses', p.responses, locale)}
                  </td>
                  <td className="num" data-series="satisfaction" data-value={dataValue(p.satisfaction)}>
                    {formatFigure('satisfaction', p.satisfaction, locale)}
                  </td>
                  <td className="num" data-series="complaints" data-value={p.complaints}>
                    {formatFigure('complaints', p.complaints, locale)}
                  </td>
                  <td className="num" data-series="validComplaints" data-value={p.validComplaints}>
                    {formatFigure('validComplaints', p.validComplaints, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  )
}
