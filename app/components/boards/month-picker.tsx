import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { monthLabel, shiftMonth } from './board-format.ts'
import type { Locale } from '#app/domain/locales.ts'

/**
 * Previous / next month links and a month field (a plain GET form: works without JavaScript).
 * `keep` carries the other query parameters (the overview's sort) across.
 */
export function MonthPicker({ month, latest, path, keep = {} }: { month: string; latest: string; path: string; keep?: Record<string, string> }) {
  const { t, i18n } = useTranslation('boards')
  const locale = i18n.language as Locale
  const href = (m: string) => `${path}?${new URLSearchParams({ ...keep, month: m })}`
  const previous = shiftMonth(month, -1)
  const next = shiftMonth(month, 1)
  return (
    <nav className="month-picker card" aria-label={t('month.label')}>
      <Link to={href(previous)} rel="prev" data-month-link="previous">
        ← {t('month.previous')} ({monthLabel(previous, locale, 'short')})
      </Link>
      <Form method="get" action={path}>
        {Object.entries(keep).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <label>
          {t('month.label')}{' '}
          <input type="month" name="month" defaultValue={month} min="2000-01" max={latest} pattern="\d{4}-\d{2}" required />
        </label>
        <button type="submit" className="secondary">
          {t('month.apply')}
        </button>
      </Form>
      {next <= latest ? (
        <Link to={href(next)} rel="next" data-month-link="next">
          {t('month.next')} ({monthLabel(next, locale, 'short')}) →
        </Link>
      ) : null}
    </nav>
  )
}
