import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import { caseDepartments, cases } from '../schema/index.ts'

/** Who is looking at cases: everyone in the hospital, or a user limited to their departments. */
export type CaseScope = { kind: 'all' } | { kind: 'departments'; userId: string; departmentIds: readonly string[] }

/**
 * The cases a scope may see (DESIGN.md §1): a department-scoped user sees the cases their
 * departments (sub-departments included) received, own or were asked to investigate, and
 * the cases they received or own themselves.
 */
export function caseScopeCondition(scope: CaseScope): SQL | undefined {
  if (scope.kind === 'all') return undefined
  const byUser = [eq(cases.ownerUserId, scope.userId), eq(cases.firstResponsibleUserId, scope.userId)]
  if (scope.departmentIds.length === 0) return or(...byUser)
  const ids = [...scope.departmentIds]
  return or(
    ...byUser,
    inArray(cases.ownerDepartmentId, ids),
    inArray(cases.firstResponsibleDepartmentId, ids),
    sql`exists (select 1 from ${caseDepartments} where ${and(eq(caseDepartments.caseId, cases.id), inArray(caseDepartments.departmentId, ids))})`,
  )
}
