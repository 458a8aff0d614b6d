import { useTranslation } from 'react-i18next'
import { dataValue, formatFigure, type FigureKey, type Figures } from './board-format.ts'
import type { Locale } from '#app/domain/locales.ts'

/** The month's main figures in large type at the top (readable from the back of a meeting room). */
export function BoardHeadline({ figures, hospital, keys, label }: { figures: Figures; hospital?: Figures; keys: readonly FigureKey[]; label: string }) {
  const { t, i18n } = useTranslation('boards')
  const locale = i18n.language as Locale
  return (
    <section className="board-headline" aria-label={label}>
      {keys.map((key) => (
        <div key={key} className="figure" data-headline={key} data-value={dataValue(figures[key])}>
          <p className="figure-label">{t(`figures.${key}`)}</p>
          <p className="figure-value">{formatFigure(key, figures[key], locale)}</p>
          {hospital ? (
            <p className="figure-compare">
              {t('compare.hospital')} {formatFigure(key, hospital[key], locale)}
            </p>
          ) : null}
        </div>
      ))}
    </section>
  )
}
