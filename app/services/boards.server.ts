import { z } from 'zod'
import {
  addMonths,
  complainantSatisfactionRate,
  complaintRate,
  emptyFigures,
  firstContactRate,
  nps,
  onTimeRate,
  quickRatingAverage,
  resolutionRate,
  satisfaction,
  scoreOf,
  sumRollups,
  validComplaintRate,
  type RollupFigures,
} from '#app/domain/board-figures.ts'
import { boardSettingsOf, type BoardSettingsOverrides } from '#app/domain/board-settings.ts'
import { sortAsTree, withDescendants } from '#app/domain/department-tree.ts'
import { can } from '#app/domain/permissions.ts'
import type { Role } from '#app/domain/roles.ts'
import { localDate, startOfLocalDay } from '#app/domain/working-calendar.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { sumDepartmentPeriods, sumMonthByDepartment, topComplaintCategories } from '#db/queries/board-read.ts'
import { listDepartments } from '#db/queries/departments.ts'
import { NO_KEY } from '#db/schema/boards.ts'
import { OVERVIEW_SORTS, type OverviewSort } from '#app/domain/board-overview.ts'

/**
 * The department board and the hospital overview (DESIGN.md §5, issue 6 items 2–3). Figures
 * come from board_rollups only (db/queries/board-read.ts) with the formulas every board uses
 * (app/domain/board-figures.ts); the top complaint categories are the one bounded read of cases.
 */

// ── Figures (the formulas of issue 6, from app/domain/board-figures.ts) ─────────────────────

export interface BoardFigures {
  responses: number
  /** 0–100: a rating 1–5 scores 20–100. */
  satisfaction: number | null
  nps: number | null
  quickRatings: number
  quickRatingAverage: number | null
  complaints: number
  validComplaints: number
  /** Per 1,000 imported visits; null without visits. */
  complaintRate: number | null
  validComplaintRate: number | null
  praise: number
  visits: number
  /** Shares 0–1: SLA compliance, 响应率, 解决率, 满意率. */
  onTimeRate: number | null
  responseRate: number | null
  resolutionRate: number | null
  satisfiedRate: number | null
}

function figuresOf(f: RollupFigures): BoardFigures {
  return {
    responses: f.responses,
    satisfaction: satisfaction(f),
    nps: nps(f),
    quickRatings: f.quickRatings,
    quickRatingAverage: quickRatingAverage(f),
    complaints: f.complaints,
    validComplaints: f.validComplaints,
    complaintRate: complaintRate(f),
    validComplaintRate: validComplaintRate(f),
    praise: f.praise,
    visits: f.visits,
    onTimeRate: onTimeRate(f),
    responseRate: firstContactRate(f),
    resolutionRate: resolutionRate(f),
    satisfiedRate: complainantSatisfactionRate(f),
  }
}

export interface ScoreRow {
  key: string
  score: number
  count: number
}

/** Scores per dimension (or template key), best first. */
function scoresOf(sums: Record<string, { sum: number; count: number }>): ScoreRow[] {
  return Object.entries(sums)
    .flatMap(([key, s]) => {
      const score = scoreOf(s)
      return score === null ? [] : [{ key, score, count: s.count }]
    })
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
}

// ── Months ──────────────────────────────────────────────────────────────────────────────────

/** A month as the query string gives it: YYYY-MM. */
export const boardMonthSchema = z
  .string()
  .trim()
  .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/)

/** YYYY-MM moved by `by` months. */
export const shiftMonth = (month: string, by: number) => addMonths(`${month}-01`, by).slice(0, 7)

/**
 * The month to show: `?month=` when it parses and is not after the current local month;
 * otherwise the default, with `invalid` set so the page says it fell back.
 */
export function chooseMonth(raw: string | null, { fallback, latest }: { fallback: string; latest: string }) {
  if (raw === null || raw.trim() === '') return { month: fallback, invalid: null }
  const parsed = boardMonthSchema.safeParse(raw)
  if (!parsed.success || parsed.data > latest) return { month: fallback, invalid: raw.slice(0, 20) }
  return { month: parsed.data, invalid: null }
}

const firstDay = (month: string) => `${month}-01`
function lastDay(month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

// ── Who may see what ─────────────────────────────────────────────────────────────────────────

export interface BoardViewer {
  organizationId: string
  timeZone: string
  boardSettings: BoardSettingsOverrides | null
  role: Role
  /** The membership's departments (department heads); sub-departments are added here. */
  departmentIds: readonly string[]
}

type Department = Awaited<ReturnType<typeof listDepartments>>[number]

function visibleDepartmentIds(viewer: BoardViewer, departments: Department[]): Set<string> | 'all' {
  if (can(viewer.role, 'boards.viewAll')) return 'all'
  return new Set(viewer.departmentIds.flatMap((id) => withDescendants(departments, id)))
}

const departmentName = (d: Department) => ({ id: d.id, name: d.name, nameEn: d.nameEn })

// ── The department board ─────────────────────────────────────────────────────────────────────

export interface TrendPoint {
  month: string
  responses: number
  satisfaction: number | null
  complaints: number
  validComplaints: number
}

/**
 * One department's month with the hospital beside it, its last 12 months, dimensions and top
 * complaint categories. Null when the department is not the hospital's or not the viewer's
 * (the page is a 404 for them).
 */
export async function loadDepartmentBoard(ctx: AppContext, viewer: BoardViewer, input: { departmentId: string; month: string | null }) {
  const { organizationId, timeZone } = viewer
  const departments = await listDepartments(ctx.db, { organizationId })
  const department = departments.find((d) => d.id === input.departmentId)
  const visible = visibleDepartmentIds(viewer, departments)
  if (!department || (visible !== 'all' && !visible.has(department.id))) return null

  const current = localDate(ctx.clock.now(), timeZone).slice(0, 7)
  const { month, invalid } = chooseMonth(input.month, { fallback: current, latest: current })
  const from = shiftMonth(month, -11)
  const [months, days, byDepartment, categories] = await Promise.all([
    sumDepartmentPeriods(ctx.db, { organizationId, departmentKey: department.id, period: 'month', from: firstDay(from), to: firstDay(month) }),
    sumDepartmentPeriods(ctx.db, { organizationId, departmentKey: department.id, period: 'day', from: firstDay(month), to: lastDay(month) }),
    sumMonthByDepartment(ctx.db, { organizationId, month: firstDay(month) }),
    topComplaintCategories(ctx.db, {
      organizationId,
      departmentId: department.id,
      from: startOfLocalDay(firstDay(month), timeZone),
      until: startOfLocalDay(firstDay(shiftMonth(month, 1)), timeZone),
      limit: 5,
    }),
  ])
  const totals = months.find((m) => m.periodStart === firstDay(month))?.figures ?? emptyFigures()
  const hospitalTotals = sumRollups([...byDepartment.values()])
  // Counts are compared with the mean department; scores and rates with the whole hospital.
  const reporting = [...byDepartment.keys()].filter((k) => k !== NO_KEY).length
  const byMonth = new Map(months.map((m) => [m.periodStart.slice(0, 7), m.figures]))
  const trend: TrendPoint[] = Array.from({ length: 12 }, (_, i) => {
    const m = shiftMonth(from, i)
    const f = figuresOf(byMonth.get(m) ?? emptyFigures())
    return { month: m, responses: f.responses, satisfaction: f.satisfaction, complaints: f.complaints, validComplaints: f.validComplaints }
  })
  const hospitalDimensions = new Map(scoresOf(hospitalTotals.dimensions).map((s) => [s.key, s.score]))
  return {
    department: departmentName(department),
    month,
    invalidMonth: invalid,
    currentMonth: current,
    minResponses: boardSettingsOf(viewer.boardSettings).minResponses,
    figures: figuresOf(totals),
    hospital: figuresOf(hospitalTotals),
    reportingDepartments: reporting,
    hospitalPerDepartment: {
      responses: reporting ? hospitalTotals.responses / reporting : null,
      complaints: reporting ? hospitalTotals.complaints / reporting : null,
      validComplaints: reporting ? hospitalTotals.validComplaints / reporting : null,
      praise: reporting ? hospitalTotals.praise / reporting : null,
    },
    trend,
    dimensions: scoresOf(totals.dimensions).map((d) => ({ ...d, hospitalScore: hospitalDimensions.get(d.key) ?? null })),
    audiences: scoresOf(totals.audiences).map((a) => ({ ...a, responses: totals.audiences[a.key]?.responses ?? 0 })),
    days: days.map((d) => {
      const f = figuresOf(d.figures)
      return { day: d.periodStart, responses: f.responses, satisfaction: f.satisfaction, complaints: f.complaints }
    }),
    topCategories: categories.map((c) => ({ category: c.category ?? '', count: c.count })),
  }
}
export type DepartmentBoard = NonNullable<Awaited<ReturnType<typeof loadDepartmentBoard>>>

// ── The hospital overview ────────────────────────────────────────────────────────────────────

export { OVERVIEW_SORTS, type OverviewSort }
export const overviewSortSchema = z.object({
  sort: z.enum(OVERVIEW_SORTS).catch('department'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
})

export interface OverviewRow {
  department: { id: string; name: string; nameEn: string | null }
  depth: number
  figures: BoardFigures
  previousSatisfaction: number | null
  /** Satisfaction points gained since the previous month; null when either month has too few responses. */
  change: number | null
}

const HIGHLIGHTS = 3

function sortValue(row: OverviewRow, sort: OverviewSort): number | null {
  if (sort === 'change') return row.change
  if (sort === 'department') return null
  return row.figures[sort]
}

function sortRows(rows: OverviewRow[], sort: OverviewSort, dir: 'asc' | 'desc'): OverviewRow[] {
  if (sort === 'department') return dir === 'asc' ? rows : [...rows].reverse()
  const sign = dir === 'asc' ? 1 : -1
  // Departments without the figure go last either way; ties keep the department order.
  return rows
    .map((row, i) => ({ row, i, v: sortValue(row, sort) }))
    .sort((a, b) => (a.v === null ? (b.v === null ? a.i - b.i : 1) : b.v === null ? -1 : sign * (a.v - b.v) || a.i - b.i))
    .map((x) => x.row)
}

/**
 * Every department's figures for a month (default: the last full month), sortable by
 * any column, the hospital's totals, and the biggest risers and fallers in satisfaction since
 * the month before (at most three each, departments with too few responses left out).
 */
export async function loadHospitalOverview(ctx: AppContext, viewer: BoardViewer, input: { month: string | null; sort: string | null; dir: string | null }) {
  const { organizationId, timeZone } = viewer
  const current = localDate(ctx.clock.now(), timeZone).slice(0, 7)
  const { month, invalid } = chooseMonth(input.month, { fallback: shiftMonth(current, -1), latest: current })
  const order = overviewSortSchema.parse({ sort: input.sort ?? undefined, dir: input.dir ?? (input.sort && input.sort !== 'department' ? 'desc' : 'asc') })
  const invalidSort = (input.sort && order.sort !== input.sort) || (input.dir && order.dir !== input.dir) ? `${input.sort ?? ''} ${input.dir ?? ''}`.trim().slice(0, 40) : null
  const { minResponses } = boardSettingsOf(viewer.boardSettings)
  const [departments, thisMonth, previousMonth] = await Promise.all([
    listDepartments(ctx.db, { organizationId }),
    sumMonthByDepartment(ctx.db, { organizationId, month: firstDay(month) }),
    sumMonthByDepartment(ctx.db, { organizationId, month: firstDay(shiftMonth(month, -1)) }),
  ])
  // Active departments, and any since closed that still has figures for the month.
  const rows: OverviewRow[] = sortAsTree(departments.filter((d) => d.active || thisMonth.has(d.id))).map((d) => {
    const figures = figuresOf(thisMonth.get(d.id) ?? emptyFigures())
    const before = figuresOf(previousMonth.get(d.id) ?? emptyFigures())
    const comparable = figures.responses >= minResponses && before.responses >= minResponses && figures.satisfaction !== null && before.satisfaction !== null
    return {
      department: departmentName(d),
      depth: d.depth,
      figures,
      previousSatisfaction: before.satisfaction,
      change: comparable ? figures.satisfaction! - before.satisfaction! : null,
    }
  })
  const changed = rows.filter((r) => r.change !== null && r.change !== 0)
  const risers = changed
    .filter((r) => r.change! > 0)
    .sort((a, b) => b.change! - a.change!)
    .slice(0, HIGHLIGHTS)
  const fallers = changed
    .filter((r) => r.change! < 0)
    .sort((a, b) => a.change! - b.change!)
    .slice(0, HIGHLIGHTS)
  return {
    month,
    invalidMonth: invalid,
    invalidSort,
    currentMonth: current,
    minResponses,
    sort: order.sort,
    dir: order.dir,
    hospital: figuresOf(sumRollups([...thisMonth.values()])),
    rows: sortRows(rows, order.sort, order.dir),
    highlights: {
      risers: risers.map((r) => ({ department: r.department, change: r.change!, satisfaction: r.figures.satisfaction! })),
      fallers: fallers.map((r) => ({ department: r.department, change: r.change!, satisfaction: r.figures.satisfaction! })),
    },
  }
}
export type HospitalOverview = Awaited<ReturnType<typeof loadHospitalOverview>>

/** The boards a viewer without viewAll may open (a department head's departments and their sub-departments). */
export async function listViewerBoards(ctx: AppContext, viewer: BoardViewer) {
  const departments = await listDepartments(ctx.db, { organizationId: viewer.organizationId })
  const visible = visibleDepartmentIds(viewer, departments)
  return sortAsTree(departments.filter((d) => d.active && (visible === 'all' || visible.has(d.id)))).map((d) => ({ ...departmentName(d), depth: d.depth }))
}
