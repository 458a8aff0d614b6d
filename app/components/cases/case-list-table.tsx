import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { CATEGORIES, type Category, type Channel } from '#app/domain/intake.ts'
import type { Locale } from '#app/domain/locales.ts'
import type { SlaBadge } from '#app/domain/sla.ts'
import type { CaseStatus } from '#app/domain/case-status.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { SlaBadgeLabel } from './sla-badge.tsx'

/** A row as the list loader sends it (case-list.server.ts CaseListItem, dates possibly serialised). */
export interface CaseListTableItem {
  id: string
  number: string
  status: CaseStatus
  category: string | null
  channel: Channel
  excerpt: string
  urgent: boolean
  owner: { kind: 'department'; name: string; nameEn: string | null } | { kind: 'user'; name: string } | null
  badge: SlaBadge | null
  clockKind: 'first_contact' | 'answer' | 'findings' | null
  dueAt: Date | string | null
}

/** The cases table; with `selectable`, a checkbox per row for the bulk assignment form around it. */
export function CaseListTable({
  items,
  caseHref,
  timeZone,
  selectable = false,
  selected = [],
}: {
  items: CaseListTableItem[]
  caseHref: (id: string) => string
  timeZone: string
  selectable?: boolean
  selected?: readonly string[]
}) {
  const { t, i18n } = useTranslation(['caseList', 'cases', 'intake'])
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN'
  const ticked = new Set(selected)
  const known = new Set<string>(CATEGORIES)
  // A category the hospital added itself has no translation: shown as entered.
  const categoryName = (category: string) => (known.has(category) ? t(`intake:categories.${category as Category}`) : category)
  const ownerName = (o: CaseListTableItem['owner']) => (!o ? t('noOwner') : o.kind === 'user' ? o.name : locale === 'en' && o.nameEn ? o.nameEn : o.name)
  return (
    <div className="table-wrap">
      <table aria-label={t('title')} data-case-list="">
        <thead>
          <tr>
            {selectable ? <th scope="col">{t('columns.select')}</th> : null}
            <th scope="col">{t('columns.number')}</th>
            <th scope="col">{t('columns.status')}</th>
            <th scope="col">{t('columns.sla')}</th>
            <th scope="col">{t('columns.text')}</th>
            <th scope="col">{t('columns.category')}</th>
            <th scope="col">{t('columns.channel')}</th>
            <th scope="col">{t('columns.owner')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} data-case-number={c.number}>
              {selectable ? (
                <td>
                  <input type="checkbox" name="caseId" value={c.id} defaultChecked={ticked.has(c.id)} aria-label={t('selectCase', { number: c.number })} />
                </td>
              ) : null}
              <td style={{ whiteSpace: 'nowrap' }}>
                <Link to={caseHref(c.id)}>{c.number}</Link>
                {c.urgent ? (
                  <>
                    {' '}
                    <span className="pill" style={{ background: '#fdecea', color: '#b42318' }} data-urgent="">
                      {t('urgent')}
                    </span>
                  </>
                ) : null}
              </td>
              <td data-status={c.status}>{t(`cases:statuses.${c.status}`)}</td>
              <td title={c.clockKind ? t(`cases:clocks.${c.clockKind}`) : undefined}>
                {c.badge ? <SlaBadgeLabel badge={c.badge} dueAt={c.dueAt ? t('dueAt', { time: formatDateTime(c.dueAt, locale, timeZone) }) : undefined} /> : null}
              </td>
              <td>{c.excerpt}</td>
              <td>{c.category ? categoryName(c.category) : <span className="muted">{t('noCategory')}</span>}</td>
              <td>{t(`intake:channels.${c.channel}`)}</td>
              <td>{ownerName(c.owner)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
