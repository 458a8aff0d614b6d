import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Locale } from '#app/domain/locales.ts'
import { dataValue, departmentLabel, formatChange, formatFigure } from './board-format.ts'

export interface Highlight {
  department: { id: string; name: string; nameEn: string | null }
  change: number
  satisfaction: number
}

/** The biggest risers and fallers in satisfaction since the previous month. */
export function BoardHighlights({ risers, fallers, minResponses, month, base }: { risers: readonly Highlight[]; fallers: readonly Highlight[]; minResponses: number; month: string; base: string }) {
  const { t, i18n } = useTranslation('boards')
  const locale = i18n.language as Locale
  const list = (kind: 'risers' | 'fallers', items: readonly Highlight[]) => (
    <div data-highlights={kind}>
      <h3>{t(`highlights.${kind}`)}</h3>
      {items.length === 0 ? (
        <p className="muted">{t('highlights.none')}</p>
      ) : (
        <ol>
          {items.map((h) => (
            <li key={h.department.id} data-highlight={h.department.id} data-value={dataValue(h.change)}>
              <Link to={`${base}/boards/departments/${h.department.id}?month=${month}`}>{departmentLabel(h.department, locale)}</Link>
              {locale === 'en' ? ': ' : '：'}
              {formatFigure('satisfaction', h.satisfaction, locale)}{' '}
              <span className={kind === 'risers' ? 'change-up' : 'change-down'}>({formatChange(h.change, locale)})</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
  return (
    <section className="card" aria-labelledby="board-highlights">
      <h2 id="board-highlights">{t('highlights.title')}</h2>
      <p className="hint">{t('highlights.rule', { min: minResponses })}</p>
      <div className="highlights">
        {list('risers', risers)}
        {list('fallers', fallers)}
      </div>
    </section>
  )
}
