/** Staff roles per hospital (DESIGN.md §1). Patients have no accounts. */
export const ROLES = ['admin', 'patient_service', 'department_head', 'staff', 'leadership'] as const
export type Role = (typeof ROLES)[number]

/** Roles whose view is limited to the departments in their membership scope. */
export const DEPARTMENT_SCOPED_ROLES: readonly Role[] = ['department_head', 'staff']

export function isDepartmentScoped(role: Role): boolean {
  return DEPARTMENT_SCOPED_ROLES.includes(role)
}
