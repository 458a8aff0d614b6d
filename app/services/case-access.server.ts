import { withDescendants } from '#app/domain/department-tree.ts'
import { can } from '#app/domain/permissions.ts'
import type { Role } from '#app/domain/roles.ts'
import type { Executor } from '#db/executor.ts'
import type { CaseScope } from '#db/queries/case-scope.ts'
import { listDepartments } from '#db/queries/departments.ts'
import { findActiveMembership } from '#db/queries/users.ts'

/** A staff member as the case rules see them: role and departments, sub-departments included. */
export interface CaseViewer {
  userId: string
  role: Role
  departmentIds: string[]
  /** Which cases they may see (case-scope.ts). */
  scope: CaseScope
}

/** The viewer for a hospital member; null when they are not an active member. */
export async function loadCaseViewer(db: Executor, organizationId: string, userId: string): Promise<CaseViewer | null> {
  const member = await findActiveMembership(db, { organizationId, userId })
  if (!member) return null
  const departments = member.departmentIds.length ? await listDepartments(db, { organizationId }) : []
  const departmentIds = [...new Set(member.departmentIds.flatMap((id) => withDescendants(departments, id)))]
  const scope: CaseScope = can(member.role, 'cases.viewAll') ? { kind: 'all' } : { kind: 'departments', userId, departmentIds }
  return { userId, role: member.role, departmentIds, scope }
}
