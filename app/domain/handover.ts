import type { Role } from './roles.ts'

/**
 * 首诉负责制 (DESIGN.md §3): the first responsible person either settles a complaint on the
 * spot or hands it to the patient-service department; passing it sideways (推诿) to another
 * department or person is refused. Pure rules: the caller loads the facts (which department
 * is the hospital's patient-service department, the target user's role and departments).
 */

/**
 * Who holds a case: a department, a user, or a user within a department. The accountable
 * owner is the user when one is set, otherwise the department (its head).
 */
export interface Party {
  departmentId: string | null
  userId: string | null
}

/** Where a case may be handed: a department, or a named user (with the facts the rule needs). */
export type HandoverTarget =
  | { kind: 'department'; departmentId: string }
  | { kind: 'user'; userId: string; role: Role; departmentIds: readonly string[] }

/** Whether a user counts as the patient-service department (投诉管理部门) for handovers. */
export function isPatientServiceUser(user: { role: Role; departmentIds: readonly string[] }, patientServiceDepartmentId: string): boolean {
  return user.role === 'patient_service' || user.departmentIds.includes(patientServiceDepartmentId)
}

/** Whether the target is the patient-service department or one of its people. */
export function isPatientServiceTarget(target: HandoverTarget, patientServiceDepartmentId: string): boolean {
  return target.kind === 'department' ? target.departmentId === patientServiceDepartmentId : isPatientServiceUser(target, patientServiceDepartmentId)
}

/**
 * Whether a holder is filed under the patient-service department. A bare user (staff who
 * entered a complaint) is not; callers that know the user is patient-service staff say so.
 */
export function isWithPatientService(holder: Party, patientServiceDepartmentId: string): boolean {
  return holder.departmentId === patientServiceDepartmentId
}

/** The owner a case gets when handed to the target (always filed under patient service). */
export function ownerAfterHandover(target: HandoverTarget, patientServiceDepartmentId: string): Party {
  return target.kind === 'department'
    ? { departmentId: patientServiceDepartmentId, userId: null }
    : { departmentId: patientServiceDepartmentId, userId: target.userId }
}

export const HANDOVER_SIDEWAYS = 'cases:errors.handoverSideways'

/**
 * The sideways-handover rule: a case may only go to the patient-service department or its
 * people. Returns the refusal's translation key, or null when the handover is allowed.
 */
export function checkHandoverTarget(target: HandoverTarget, patientServiceDepartmentId: string): typeof HANDOVER_SIDEWAYS | null {
  return isPatientServiceTarget(target, patientServiceDepartmentId) ? null : HANDOVER_SIDEWAYS
}

export const sameParty = (a: Party, b: Party) => a.departmentId === b.departmentId && a.userId === b.userId
