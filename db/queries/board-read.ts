import { and, asc, count, desc, eq, gte, isNotNull, lt, lte, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { COUNT_FIELDS, emptyFigures, sumRollups, type CountField, type RollupFigures } from '#app/domain/board-figures.ts'
import { boardRollups, cases, submissions } from '../schema/index.ts'

/**
 * What the department board and the hospital overview read (DESIGN.md §5): sums of
 * board_rollups rows, never raw rows. Every read is a prefix of the table's primary key
 * (organization, period, periodStart) or of board_rollups_org_department_idx (organization,
 * department, period, periodStart), so it stays fast on years of data.
 */

type Tenant = { organizationId: string }

const sums = Object.fromEntries(COUNT_FIELDS.map((c) => [c, sql<number>`coalesce(sum(${boardRollups[c]}), 0)`.mapWith(Number)])) as Record<CountField, SQL<number>>
// jsonb has no sum: each group's objects come back as a list, added up by sumRollups.
const jsonLists = {
  dimensionList: sql<RollupFigures['dimensions'][]>`coalesce(jsonb_agg(${boardRollups.dimensions}), '[]'::jsonb)`,
  audienceList: sql<RollupFigures['audiences'][]>`coalesce(jsonb_agg(${boardRollups.audiences}), '[]'::jsonb)`,
}

type Aggregated = Record<CountField, number> & { dimensionList: RollupFigures['dimensions'][]; audienceList: RollupFigures['audiences'][] }

function rollupOf({ dimensionList, audienceList, ...counts }: Aggregated): RollupFigures {
  const lists = sumRollups([
    ...dimensionList.map((dimensions) => ({ ...emptyFigures(), dimensions })),
    ...audienceList.map((audiences) => ({ ...emptyFigures(), audiences })),
  ])
  return { ...counts, dimensions: lists.dimensions, audiences: lists.audiences }
}

const ofDepartment = ({ organizationId, departmentKey, period, from, to }: Tenant & { departmentKey: string; period: 'month' | 'day'; from: string; to: string }) =>
  and(
    eq(boardRollups.organizationId, organizationId),
    eq(boardRollups.departmentKey, departmentKey),
    eq(boardRollups.period, period),
    gte(boardRollups.periodStart, from),
    lte(boardRollups.periodStart, to),
  )

/**
 * One department's figures per period between two period starts (YYYY-MM-DD, both included),
 * summed over touchpoints; periods without rows are absent. Reads board_rollups_org_department_idx.
 */
export async function sumDepartmentPeriods(db: Executor, where: Tenant & { departmentKey: string; period: 'month' | 'day'; from: string; to: string }) {
  const rows = await db
    .select({ periodStart: boardRollups.periodStart, ...sums, ...jsonLists })
    .from(boardRollups)
    .where(ofDepartment(where))
    .groupBy(boardRollups.periodStart)
    .orderBy(asc(boardRollups.periodStart))
  return rows.map(({ periodStart, ...rest }) => ({ periodStart, figures: rollupOf(rest) }))
}

/** Every department's figures for one month (YYYY-MM-01), summed over touchpoints. Reads a primary-key prefix. */
export async function sumMonthByDepartment(db: Executor, { organizationId, month }: Tenant & { month: string }) {
  const rows = await db
    .select({ departmentKey: boardRollups.departmentKey, ...sums, ...jsonLists })
    .from(boardRollups)
    .where(and(eq(boardRollups.organizationId, organizationId), eq(boardRollups.period, 'month'), eq(boardRollups.periodStart, month)))
    .groupBy(boardRollups.departmentKey)
  return new Map(rows.map(({ departmentKey, ...rest }) => [departmentKey, rollupOf(rest)]))
}

/** The whole hospital's figures for one month (every department, "no department" included). */
export async function sumHospitalMonth(db: Executor, { organizationId, month }: Tenant & { month: string }) {
  const [row] = await db
    .select({ ...sums, ...jsonLists })
    .from(boardRollups)
    .where(and(eq(boardRollups.organizationId, organizationId), eq(boardRollups.period, 'month'), eq(boardRollups.periodStart, month)))
  return row ? rollupOf(row) : emptyFigures()
}

/**
 * The most frequent complaint categories of a department's cases opened in [from, until).
 * Categories are not in the rollups: this reads cases through cases_org_opened_idx, bounded to
 * one month of one hospital, which is small enough for a top-5 list. A case belongs to the
 * department the rollups count it under (board-rollups.ts): attributed, else the submission's,
 * else the first responsible department.
 */
export async function topComplaintCategories(db: Executor, { organizationId, departmentId, from, until, limit }: Tenant & { departmentId: string; from: Date; until: Date; limit: number }) {
  const n = count()
  return db
    .select({ category: cases.category, count: n })
    .from(cases)
    .innerJoin(submissions, and(eq(submissions.id, cases.submissionId), eq(submissions.organizationId, organizationId)))
    .where(
      and(
        eq(cases.organizationId, organizationId),
        gte(cases.openedAt, from),
        lt(cases.openedAt, until),
        isNotNull(cases.category),
        sql`coalesce(${cases.attributedDepartmentId}, ${submissions.departmentId}, ${cases.firstResponsibleDepartmentId}) = ${departmentId}::uuid`,
      ),
    )
    .groupBy(cases.category)
    .orderBy(desc(n), asc(cases.category))
    .limit(limit)
}
