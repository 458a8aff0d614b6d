import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'

/** Previous / next links that keep the filters (`href` builds the query for a page). */
export function CaseListPagination({ page, pageCount, href }: { page: number; pageCount: number; href: (page: number) => string }) {
  const { t } = useTranslation('caseList')
  if (pageCount <= 1) return null
  return (
    <nav aria-label={t('pagination.label')}>
      <p>
        {page > 1 ? (
          <Link to={href(page - 1)} rel="prev">
            ← {t('pagination.previous')}
          </Link>
        ) : null}{' '}
        <span>{t('pagination.pageOf', { page, pageCount })}</span>{' '}
        {page < pageCount ? (
          <Link to={href(page + 1)} rel="next">
            {t('pagination.next')} →
          </Link>
        ) : null}
      </p>
    </nav>
  )
}
