import { useTranslation } from 'react-i18next'
import { CATEGORIES, type Category } from '#app/domain/intake.ts'
import type { Locale } from '#app/domain/locales.ts'
import { formatFigure } from './board-format.ts'

const isCategory = (c: string): c is Category => (CATEGORIES as readonly string[]).includes(c)

/** The month's most frequent complaint categories of the department. */
export function TopCategories({ categories }: { categories: readonly { category: string; count: number }[] }) {
  const { t, i18n } = useTranslation('boards')
  const { t: ti } = useTranslation('intake')
  const locale = i18n.language as Locale
  return (
    <section className="card" aria-labelledby="board-categories">
      <h2 id="board-categories">{t('categories.title')}</h2>
      <p className="hint">{t('categories.hint')}</p>
      {categories.length === 0 ? (
        <p>{t('categories.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table data-board-categories="">
            <thead>
              <tr>
                <th scope="col">{t('categories.category')}</th>
                <th scope="col">{t('categories.count')}</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => (
                <tr key={c.category} data-category={c.category}>
                  <th scope="row">{isCategory(c.category) ? ti(`categories.${c.category}`) : c.category || t('categories.uncategorised')}</th>
                  <td className="num" data-value={c.count}>
                    {formatFigure('complaints', c.count, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
