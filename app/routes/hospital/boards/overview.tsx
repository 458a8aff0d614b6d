import { useTranslation } from 'react-i18next'
import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/overview'
import boardStyles from '../../../components/boards/boards.css?url'
import { BoardHeadline } from '#app/components/boards/board-headline.tsx'
import { BoardHighlights } from '#app/components/boards/board-highlights.tsx'
import { departmentLabel, monthLabel } from '#app/components/boards/board-format.ts'
import { MonthPicker } from '#app/components/boards/month-picker.tsx'
import { OverviewTable } from '#app/components/boards/overview-table.tsx'
import type { Locale } from '#app/domain/locales.ts'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { listViewerBoards, loadHospitalOverview } from '#app/services/boards.server.ts'
import { monthDateRange } from '#app/domain/board-figures.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: boardStyles }]

/**
 * /app/:org/boards — the hospital overview (every department, one month) for roles that see
 * every board; a department head gets the list of their departments' boards instead.
 */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership } = await requireHospitalAccess(args, 'boards.view')
  const base = `/app/${organization.slug}`
  const viewer = { organizationId: organization.id, timeZone: organization.timeZone, boardSettings: organization.boardSettings, role: membership.role, departmentIds: membership.departmentIds }
  if (!can(membership.role, 'boards.viewAll')) return { kind: 'mine' as const, base, departments: await listViewerBoards(ctx, viewer) }
  const params = new URL(args.request.url).searchParams
  const overview = await loadHospitalOverview(ctx, viewer, { month: params.get('month'), sort: params.get('sort'), dir: params.get('dir') })
  return { kind: 'overview' as const, base, overview, canSeeCases: can(membership.role, 'cases.view') }
}

const HEADLINE = ['satisfaction', 'responses', 'complaints', 'validComplaints', 'responseRate', 'resolutionRate', 'satisfiedRate'] as const

export default function BoardsOverview() {
  const data = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation('boards')
  const locale = i18n.language as Locale
  if (data.kind === 'mine') {
    return (
      <section>
        <h1>{t('mine.title')}</h1>
        {data.departments.length === 0 ? (
          <p className="muted">{t('mine.none')}</p>
        ) : (
          <>
            <p className="muted">{t('mine.intro')}</p>
            <ul className="plain-list">
              {data.departments.map((d) => (
                <li key={d.id} style={{ paddingInlineStart: `${d.depth}rem` }}>
                  <Link to={`${data.base}/boards/departments/${d.id}`} data-board-link={d.id}>
                    {departmentLabel(d, locale)}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    )
  }
  const { overview: o, base, canSeeCases } = data
  const month = monthLabel(o.month, locale)
  // The cases behind a month's complaint count: the department and the month's opening dates.
  const casesHref = canSeeCases ? (departmentId: string) => `${base}/cases?${new URLSearchParams({ department: departmentId, ...monthDateRange(o.month) })}` : null
  return (
    <section className="board-page" data-board-month={o.month}>
      <h1>{t('overview.title')}</h1>
      <p className="muted">{t('overview.intro', { month })}</p>
      {o.invalidMonth !== null ? (
        <p className="warning" role="status" data-invalid="month">
          {t('month.invalid', { value: o.invalidMonth, month })}
        </p>
      ) : null}
      {o.invalidSort !== null ? (
        <p className="warning" role="status" data-invalid="sort">
          {t('overview.invalidSort', { value: o.invalidSort })}
        </p>
      ) : null}
      <MonthPicker month={o.month} latest={o.currentMonth} path={`${base}/boards`} keep={o.sort === 'department' && o.dir === 'asc' ? {} : { sort: o.sort, dir: o.dir }} />
      <p data-board-exports="">
        {t('export.label')}{' '}
        <a href={`${base}/boards/export.xlsx?${new URLSearchParams({ month: o.month, ...(o.sort === 'department' && o.dir === 'asc' ? {} : { sort: o.sort, dir: o.dir }) })}`} download>
          {t('export.xlsx')}
        </a>{' '}
        ·{' '}
        <a href={`${base}/boards/export.pdf?${new URLSearchParams({ month: o.month, ...(o.sort === 'department' && o.dir === 'asc' ? {} : { sort: o.sort, dir: o.dir }) })}`} download>
          {t('export.pdf')}
        </a>
      </p>
      <BoardHeadline figures={o.hospital} keys={HEADLINE} label={t('overview.hospitalRow')} />
      <BoardHighlights risers={o.highlights.risers} fallers={o.highlights.fallers} minResponses={o.minResponses} month={o.month} base={base} />
      {o.rows.length === 0 ? <p className="muted">{t('overview.empty')}</p> : <OverviewTable rows={o.rows} hospital={o.hospital} sort={o.sort} dir={o.dir} month={o.month} base={base} casesHref={casesHref} />}
    </section>
  )
}
