import { useTranslation } from 'react-i18next'
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { isLocale } from '#app/domain/locales.ts'
import { formatNumber } from '#app/lib/format.ts'

export interface InvitationActivityDay {
  /** YYYY-MM-DD in the hospital's time zone. */
  day: string
  sent: number
  opened: number
  completed: number
}

const SERIES = [
  { key: 'sent', color: '#2563eb', dash: undefined },
  { key: 'opened', color: '#d97706', dash: '6 4' },
  { key: 'completed', color: '#059669', dash: '2 3' },
] as const

const HEIGHT = 240

/**
 * Invitations sent, opened and completed per day, as recharts lines in a box of fixed height
 * (so nothing moves when it draws after hydration); the same figures follow as a table for
 * screen readers, for copying and for readers without JavaScript.
 */
export function InvitationActivityChart({ days }: { days: readonly InvitationActivityDay[] }) {
  const { t, i18n } = useTranslation('surveys')
  const locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  const labels = { sent: t('campaigns.chart.sent'), opened: t('campaigns.chart.opened'), completed: t('campaigns.chart.completed') }
  return (
    <section aria-labelledby="campaign-chart" className="card" data-campaign-chart="">
      <h2 id="campaign-chart">{t('campaigns.chart.title')}</h2>
      <p className="hint">{t('campaigns.chart.hint')}</p>
      {days.length === 0 ? (
        <p>{t('campaigns.chart.empty')}</p>
      ) : (
        <>
          <Legend labels={labels} />
          <div style={{ height: HEIGHT, width: '100%' }}>
            <Lines days={days} title={t('campaigns.chart.label')} labels={labels} />
          </div>
          <details>
            <summary>{t('campaigns.chart.tableSummary')}</summary>
            <div className="table-wrap">
              <table data-chart-table="">
                <caption className="hint">{t('campaigns.chart.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('campaigns.chart.day')}</th>
                    {SERIES.map((s) => (
                      <th key={s.key} scope="col">
                        {labels[s.key]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {days.map((d) => (
                    <tr key={d.day} data-day={d.day}>
                      <th scope="row">{d.day}</th>
                      {SERIES.map((s) => (
                        <td key={s.key} data-series={s.key}>
                          {formatNumber(d[s.key], locale)}
                        </td>
                      ))}
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

function Legend({ labels }: { labels: Record<(typeof SERIES)[number]['key'], string> }) {
  return (
    <p aria-hidden="true" className="hint">
      {SERIES.map((s) => (
        <span key={s.key} style={{ marginInlineEnd: '1rem', whiteSpace: 'nowrap' }}>
          <svg width="24" height="10" style={{ verticalAlign: 'middle' }}>
            <line x1="0" y1="5" x2="24" y2="5" stroke={s.color} strokeWidth="3" strokeDasharray={s.dash} />
          </svg>{' '}
          {labels[s.key]}
        </span>
      ))}
    </p>
  )
}

/**
 * recharts draws after hydration (nothing on the server): the box above reserves its height,
 * and readers without JavaScript use the table.
 */
function Lines({ days, title, labels }: { days: readonly InvitationActivityDay[]; title: string; labels: Record<(typeof SERIES)[number]['key'], string> }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={[...days]} margin={{ top: 12, right: 12, bottom: 4, left: 0 }} accessibilityLayer title={title}>
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} fontSize={11} minTickGap={24} />
        <YAxis allowDecimals={false} fontSize={11} width={40} />
        <Tooltip />
        {SERIES.map((s) => (
          <Line key={s.key} type="monotone" dataKey={s.key} name={labels[s.key]} stroke={s.color} strokeWidth={2} strokeDasharray={s.dash} dot={days.length === 1} isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  )
}
