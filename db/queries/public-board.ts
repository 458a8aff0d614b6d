import { and, eq, ne, sql } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { boardRollups, departments, NO_KEY, organizations } from '../schema/index.ts'

/** A hospital's public facts for its public board: names, time zone and board settings. */
export async function findPublicBoardHospital(db: Executor, { slug }: { slug: string }) {
  const [row] = await db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, nameEn: organizations.nameEn, timeZone: organizations.timeZone, boardSettings: organizations.boardSettings })
    .from(organizations)
    .where(eq(organizations.slug, slug))
    .limit(1)
  return row
}

export interface DepartmentMonthFigures {
  departmentId: string
  name: string
  nameEn: string | null
  sortOrder: number
  responses: number
  ratingSum: number
  ratingCount: number
  /** Per template key (outpatient, inpatient, staff, …), summed over touchpoints. */
  audiences: Record<string, { sum: number; count: number; responses: number }>
}

/**
 * One month's survey figures per active department, summed over touchpoints (the department's
 * own rows, not its sub-departments'). Only month rollups are read, never raw rows.
 */
export async function listDepartmentMonthFigures(db: Executor, { organizationId, month }: { organizationId: string; month: string }): Promise<DepartmentMonthFigures[]> {
  const rows = await db
    .select({
      departmentId: departments.id,
      name: departments.name,
      nameEn: departments.nameEn,
      sortOrder: departments.sortOrder,
      responses: boardRollups.responses,
      ratingSum: boardRollups.ratingSum,
      ratingCount: boardRollups.ratingCount,
      audiences: boardRollups.audiences,
    })
    .from(boardRollups)
    .innerJoin(departments, and(eq(departments.id, boardRollups.departmentKey), eq(departments.organizationId, boardRollups.organizationId)))
    .where(
      and(
        eq(boardRollups.organizationId, organizationId),
        eq(boardRollups.period, 'month'),
        eq(boardRollups.periodStart, month),
        ne(boardRollups.departmentKey, NO_KEY),
        eq(departments.active, true),
        sql`${boardRollups.responses} > 0`,
      ),
    )
  // A department has one row per touchpoint: few rows, summed here.
  const byDepartment = new Map<string, DepartmentMonthFigures>()
  for (const r of rows) {
    let d = byDepartment.get(r.departmentId)
    if (!d) byDepartment.set(r.departmentId, (d = { departmentId: r.departmentId, name: r.name, nameEn: r.nameEn, sortOrder: r.sortOrder, responses: 0, ratingSum: 0, ratingCount: 0, audiences: {} }))
    d.responses += r.responses
    d.ratingSum += r.ratingSum
    d.ratingCount += r.ratingCount
    for (const [key, a] of Object.entries(r.audiences ?? {})) {
      const sum = (d.audiences[key] ??= { sum: 0, count: 0, responses: 0 })
      sum.sum += a.sum ?? 0
      sum.count += a.count ?? 0
      sum.responses += a.responses ?? 0
    }
  }
  return [...byDepartment.values()]
}

/** Publishes or withdraws the public board, keeping the hospital's other board settings. */
export async function setPublicBoardPublished(db: Executor, { organizationId, published }: { organizationId: string; published: boolean }) {
  await db
    .update(organizations)
    .set({ boardSettings: sql`${organizations.boardSettings} || jsonb_build_object('publicBoard', ${published}::boolean)`, updatedAt: new Date() })
    .where(eq(organizations.id, organizationId))
}
