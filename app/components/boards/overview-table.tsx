import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { OVERVIEW_COLUMNS, type OverviewColumn } from '#app/domain/board-overview.ts'
import type { Locale } from '#app/domain/locales.ts'
import { dataValue, departmentLabel, formatChange, formatFigure, monthLabel, type FigureKey, type Figures } from './board-format.ts'

// Every overview column is a figure the table knows how to show (or the month's change).
OVERVIEW_COLUMNS satisfies readonly (FigureKey | 'change')[]

export interface OverviewTableRow {
  department: { id: string; name: string; nameEn: string | null }
  depth: number
  figures: Figures
  change: number | null
}

interface Props {
  rows: readonly OverviewTableRow[]
  hospital: Figures
  sort: OverviewColumn | 'department'
  dir: 'asc' | 'desc'
  month: string
  /** /app/:org */
  base: string
  /** Links to the cases behind each complaint count (roles that may see the case list). */
  casesHref: ((departmentId: string) => string) | null
}

/**
 * Every department's month in one table. Headings are links (plain GET, no JavaScript): the
 * first click sorts figures high to low, the next reverses. Department names open the board;
 * complaint counts open the cases.
 */
export function OverviewTable({ rows, hospital, sort, dir, month, base, casesHref }: Props) {
  const { t, i18n } = useTranslation('boards')
  const locale = i18n.language as Locale
  const path = `${base}/boards`
  const sortHref = (column: OverviewColumn | 'department') => {
    const nextDir = sort === column ? (dir === 'asc' ? 'desc' : 'asc') : column === 'department' ? 'asc' : 'desc'
    return `${path}?${new URLSearchParams({ month, sort: column, dir: nextDir })}`
  }
  const heading = (column: OverviewColumn | 'department', text: string) => (
    <th key={column} scope="col" aria-sort={sort === column ? (dir === 'asc' ? 'ascending' : 'descending') : undefined} data-column={column}>
      <Link to={sortHref(column)} title={t('overview.sortBy', { column: text })}>
        {text}
        {sort === column ? (dir === 'asc' ? ' ▲' : ' ▼') : null}
      </Link>
    </th>
  )
  const cell = (key: OverviewColumn, row: { figures: Figures; change: number | null }, department: OverviewTableRow['department'] | null) => {
    const departmentId = department?.id ?? null
    if (key === 'change') {
      const c = row.change
      return (
        <td key={key} className={`num${c === null ? '' : c > 0 ? ' change-up' : c < 0 ? ' change-down' : ''}`} data-figure="change" data-value={dataValue(c)}>
          {formatChange(c, locale)}
        </td>
      )
    }
    const value = row.figures[key]
    const text = formatFigure(key, value, locale)
    const link = key === 'complaints' && departmentId && casesHref && (value ?? 0) > 0
    return (
      <td key={key} className="num" data-figure={key} data-value={dataValue(value)}>
        {link ? (
          <Link to={casesHref(departmentId)} data-cases-link={departmentId} aria-label={t('overview.complaintsLink', { department: department ? departmentLabel(department, locale) : '', count: value ?? 0 })}>
            {text}
          </Link>
        ) : (
          text
        )}
      </td>
    )
  }
  return (
    <div className="table-wrap">
      <table className="overview-table" data-board-overview="">
        <caption className="hint">{t('overview.tableCaption', { month: monthLabel(month, locale) })}</caption>
        <thead>
          <tr>
            {heading('department', t('overview.department'))}
            {OVERVIEW_COLUMNS.map((c) => heading(c, t(`figures.${c}`)))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.department.id} data-department={row.department.id}>
              <th scope="row" style={{ paddingInlineStart: `${0.75 + row.depth}rem` }}>
                <Link to={`${base}/boards/departments/${row.department.id}?month=${month}`} data-board-link={row.department.id}>
                  {departmentLabel(row.department, locale)}
                </Link>
              </th>
              {OVERVIEW_COLUMNS.map((c) => cell(c, row, row.department))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-department="hospital">
            <th scope="row">{t('overview.hospitalRow')}</th>
            {OVERVIEW_COLUMNS.map((c) => cell(c, { figures: hospital, change: null }, null))}
          </tr>
        </tfoot>
      </table>
    </div>
  )
}
