import type { Role } from './roles.ts'

/**
 * The role matrix (DESIGN.md §1), in one place. Every loader and action asks `can`.
 * leadership reads everything in the hospital and changes nothing.
 */
const MATRIX = {
  'home.view': ['admin', 'patient_service', 'department_head', 'staff', 'leadership'],
  /** Entering a phone call, walk-in, letter… on a patient's behalf (the enterer becomes first responsible). */
  'intake.create': ['admin', 'patient_service', 'department_head', 'staff'],
  /** The case list and case pages; department-scoped roles see only their departments' cases. */
  'cases.view': ['admin', 'patient_service', 'department_head', 'staff', 'leadership'],
  /** Every case of the hospital, not only those of one's departments. */
  'cases.viewAll': ['admin', 'patient_service', 'leadership'],
  'cases.export': ['admin', 'patient_service', 'department_head', 'leadership'],
  /** Bulk assignment of owners on the case list. */
  'cases.assign': ['admin', 'patient_service'],
  /** Seeing a patient's full name and contact (DESIGN.md §6); every reveal is audited. */
  'contact.reveal': ['patient_service', 'department_head'],
  'notifications.view': ['admin', 'patient_service', 'department_head', 'staff', 'leadership'],
  /** Survey templates, campaigns and results. */
  'surveys.view': ['admin', 'patient_service', 'leadership'],
  /** Editing survey templates (new versions) and running campaigns. */
  'surveys.manage': ['admin', 'patient_service'],
  /** Alerts from low survey scores; department heads see only their departments' (DESIGN.md §4 closed loop). */
  'surveyAlerts.view': ['admin', 'patient_service', 'department_head', 'leadership'],
  /** Marking an alert seen (audited). */
  'surveyAlerts.acknowledge': ['admin', 'patient_service', 'department_head'],
  /** Importing discharges and visits (CSV). */
  'patientEvents.import': ['admin', 'patient_service'],
  /** Keys for the hospital's systems to send patient events. */
  'apiKeys.manage': ['admin'],
  'departments.view': ['admin', 'patient_service', 'department_head', 'leadership'],
  'departments.manage': ['admin'],
  'touchpoints.view': ['admin', 'patient_service', 'department_head', 'leadership'],
  'touchpoints.manage': ['admin'],
  'staff.view': ['admin', 'leadership'],
  'staff.manage': ['admin'],
  'settings.view': ['admin', 'leadership'],
  'settings.manage': ['admin'],
  'calendar.view': ['admin', 'patient_service', 'leadership'],
  'calendar.manage': ['admin'],
  'outbox.view': ['admin'],
  'audit.view': ['admin'],
  /** Satisfaction boards (DESIGN.md §5); department heads see only their departments' boards. */
  'boards.view': ['admin', 'patient_service', 'department_head', 'leadership'],
  /** Every department's board and the hospital overview. */
  'boards.viewAll': ['admin', 'patient_service', 'leadership'],
  /** The monthly evaluation (ranking, vetoes, service stars) and its exports. */
  'evaluation.view': ['admin', 'patient_service', 'leadership'],
  /** Closing and re-opening a month (audited). */
  'evaluation.manage': ['admin'],
  /** Leadership's comments per department. */
  'evaluation.comment': ['leadership'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof MATRIX
export const PERMISSIONS = Object.keys(MATRIX) as Permission[]

export function can(role: Role, permission: Permission): boolean {
  return (MATRIX[permission] as readonly Role[]).includes(role)
}
