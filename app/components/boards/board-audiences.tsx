import { useTranslation } from 'react-i18next'
import type { Locale } from '#app/domain/locales.ts'
import { dataValue, formatFigure } from './board-format.ts'

const KEYS = ['outpatient', 'inpatient', 'staff', 'complaint_followup', 'quick_rating', 'custom'] as const
type AudienceKey = (typeof KEYS)[number]
const isKey = (k: string): k is AudienceKey => (KEYS as readonly string[]).includes(k)

/** Satisfaction per survey type (outpatient, inpatient, staff, …): national assessment reports them apart. */
export function BoardAudiences({ audiences }: { audiences: readonly { key: string; score: number; responses: number }[] }) {
  const { t, i18n } = useTranslation('boards')
  const locale = i18n.language as Locale
  return (
    <section className="card" aria-labelledby="board-audiences">
      <h2 id="board-audiences">{t('audiences.title')}</h2>
      {audiences.length === 0 ? (
        <p>{t('audiences.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table data-board-audiences="">
            <thead>
              <tr>
                <th scope="col">{t('audiences.audience')}</th>
                <th scope="col">{t('audiences.score')}</th>
                <th scope="col">{t('audiences.responses')}</th>
              </tr>
            </thead>
            <tbody>
              {audiences.map((a) => (
                <tr key={a.key} data-audience={a.key}>
                  <th scope="row">{isKey(a.key) ? t(`audiences.keys.${a.key}`) : a.key}</th>
                  <td className="num" data-value={dataValue(a.score)}>
                    {formatFigure('satisfaction', a.score, locale)}
                  </td>
                  <td className="num">{formatFigure('responses', a.responses, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
