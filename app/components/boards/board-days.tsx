import { useTranslation } from 'react-i18next'
import type { Locale } from '#app/domain/locales.ts'
import { dataValue, formatFigure } from './board-format.ts'

export interface BoardDay {
  /** YYYY-MM-DD, local. */
  day: string
  responses: number
  satisfaction: number | null
  complaints: number
}

/** The month day by day (days with figures only), folded away: the month's figures come first. */
export function BoardDays({ days }: { days: readonly BoardDay[] }) {
  const { t, i18n } = useTranslation('boards')
  const locale = i18n.language as Locale
  if (days.length === 0) return null
  return (
    <section className="card" aria-labelledby="board-days">
      <h2 id="board-days">{t('days.title')}</h2>
      <details>
        <summary>{t('days.summary')}</summary>
        <div className="table-wrap">
          <table data-board-days="">
            <thead>
              <tr>
                <th scope="col">{t('days.day')}</th>
                <th scope="col">{t('figures.responses')}</th>
                <th scope="col">{t('figures.satisfaction')}</th>
                <th scope="col">{t('figures.complaints')}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day} data-day={d.day}>
                  <th scope="row">{d.day}</th>
                  <td className="num">{formatFigure('responses', d.responses, locale)}</td>
                  <td className="num" data-value={dataValue(d.satisfaction)}>
                    {formatFigure('satisfaction', d.satisfaction, locale)}
                  </td>
                  <td className="num">{formatFigure('complaints', d.complaints, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  )
}
