import { useTranslation } from 'react-i18next'
import { Link, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/department'
import boardStyles from '../../../components/boards/boards.css?url'
import { BoardAudiences } from '#app/components/boards/board-audiences.tsx'
import { BoardDays } from '#app/components/boards/board-days.tsx'
import { departmentLabel, monthLabel } from '#app/components/boards/board-format.ts'
import { BoardHeadline } from '#app/components/boards/board-headline.tsx'
import { ComparisonTable } from '#app/components/boards/comparison-table.tsx'
import { MonthPicker } from '#app/components/boards/month-picker.tsx'
import { TopCategories } from '#app/components/boards/top-categories.tsx'
import { BoardDimensionChart } from '#app/components/charts/board-dimension-chart.tsx'
import { BoardTrendChart } from '#app/components/charts/board-trend-chart.tsx'
import type { Locale } from '#app/domain/locales.ts'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { loadDepartmentBoard } from '#app/services/boards.server.ts'
import { monthDateRange } from '#app/domain/board-figures.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: boardStyles }]

/**
 * /app/:org/boards/departments/:departmentId?month=YYYY-MM — one department's month (default:
 * the current month so far). Department heads open only their own departments' boards: any
 * other department does not exist for them (404).
 */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership } = await requireHospitalAccess(args, 'boards.view')
  const departmentId = z.string().uuid().safeParse(args.params.departmentId)
  if (!departmentId.success) notFound()
  const viewer = { organizationId: organization.id, timeZone: organization.timeZone, boardSettings: organization.boardSettings, role: membership.role, departmentIds: membership.departmentIds }
  const board = await loadDepartmentBoard(ctx, viewer, { departmentId: departmentId.data, month: new URL(args.request.url).searchParams.get('month') })
  if (!board) notFound()
  return { board, base: `/app/${organization.slug}`, canViewAll: can(membership.role, 'boards.viewAll'), canSeeCases: can(membership.role, 'cases.view') }
}

const HEADLINE = ['satisfaction', 'responses', 'nps', 'complaints', 'responseRate', 'resolutionRate', 'satisfiedRate'] as const
const COMPARED = [
  'satisfaction',
  'responses',
  'nps',
  'quickRatingAverage',
  'complaints',
  'validComplaints',
  'complaintRate',
  'validComplaintRate',
  'praise',
  'onTimeRate',
  'responseRate',
  'resolutionRate',
  'satisfiedRate',
] as const

export default function DepartmentBoard() {
  const { board: b, base, canViewAll, canSeeCases } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation('boards')
  const locale = i18n.language as Locale
  const month = monthLabel(b.month, locale)
  const name = departmentLabel(b.department, locale)
  const path = `${base}/boards/departments/${b.department.id}`
  return (
    <section className="board-page" data-board-department={b.department.id} data-board-month={b.month}>
      <p>
        {canViewAll ? <Link to={`${base}/boards?month=${b.month}`}>← {t('department.backToOverview')}</Link> : <Link to={`${base}/boards`}>← {t('mine.title')}</Link>}
      </p>
      <h1>{t('department.title', { department: name })}</h1>
      <p className="muted">{t('department.intro', { month })}</p>
      {b.invalidMonth !== null ? (
        <p className="warning" role="status" data-invalid="month">
          {t('month.invalid', { value: b.invalidMonth, month })}
        </p>
      ) : null}
      {b.month === b.currentMonth ? <p className="hint">{t('department.currentMonth')}</p> : null}
      {b.figures.responses < b.minResponses ? <p className="hint" data-too-few="">{t('department.tooFew', { min: b.minResponses })}</p> : null}
      <MonthPicker month={b.month} latest={b.currentMonth} path={path} />
      <p data-board-exports="">
        {t('export.label')}{' '}
        <a href={`${path}/export.xlsx?month=${b.month}`} download>
          {t('export.xlsx')}
        </a>{' '}
        ·{' '}
        <a href={`${path}/export.pdf?month=${b.month}`} download>
          {t('export.pdf')}
        </a>
      </p>
      <BoardHeadline figures={b.figures} hospital={b.hospital} keys={HEADLINE} label={name} />
      {canSeeCases ? (
        <p>
          <Link to={`${base}/cases?${new URLSearchParams({ department: b.department.id, ...monthDateRange(b.month) })}`} data-cases-link={b.department.id}>
            {t('department.casesLink')}
          </Link>{' '}
          <span className="hint">{t('department.casesLinkHint')}</span>
        </p>
      ) : null}
      <BoardTrendChart points={b.trend} />
      <div className="board-grid">
        <ComparisonTable figures={b.figures} hospital={b.hospital} perDepartment={b.hospitalPerDepartment} keys={COMPARED} />
        <div>
          <TopCategories categories={b.topCategories} />
          <BoardAudiences audiences={b.audiences} />
        </div>
      </div>
      <BoardDimensionChart dimensions={b.dimensions} />
      <BoardDays days={b.days} />
    </section>
  )
}
