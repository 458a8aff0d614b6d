import type { Role } from './roles.ts'
import { MILESTONE_RECIPIENTS, type ClockKind, type Milestone, type RecipientGroup } from './sla.ts'

/**
 * Who hears of an SLA milestone (DESIGN.md §3): the groups of MILESTONE_RECIPIENTS resolved
 * to people. Nobody is left out silently: a department without a head falls back to the
 * patient-service director, and a patient-service department without a head to its staff.
 */
export interface StaffMember {
  userId: string
  role: Role
  /** The departments in their scope as stored (heads of a parent department also oversee its children). */
  departmentIds: readonly string[]
}

export interface EscalationFacts {
  clockKind: ClockKind
  /** The involved department of a findings clock. */
  clockDepartmentId: string | null
  owner: { departmentId: string | null; userId: string | null }
  patientServiceDepartmentId: string
  departments: readonly { id: string; parentId: string | null }[]
  staff: readonly StaffMember[]
}

/** A department and the departments above it: their heads all oversee it. */
function selfAndAncestors(departments: EscalationFacts['departments'], departmentId: string): Set<string> {
  const parentOf = new Map(departments.map((d) => [d.id, d.parentId]))
  const out = new Set<string>()
  for (let id: string | null | undefined = departmentId; id && !out.has(id); id = parentOf.get(id)) out.add(id)
  return out
}

function headsOf(facts: EscalationFacts, departmentId: string | null): string[] {
  if (!departmentId) return []
  const over = selfAndAncestors(facts.departments, departmentId)
  return facts.staff.filter((s) => s.role === 'department_head' && s.departmentIds.some((d) => over.has(d))).map((s) => s.userId)
}

function patientServiceDirector(facts: EscalationFacts): string[] {
  const heads = headsOf(facts, facts.patientServiceDepartmentId)
  return heads.length ? heads : facts.staff.filter((s) => s.role === 'patient_service').map((s) => s.userId)
}

/** The department a clock is about: the involved one for findings, else the owner's. */
function clockDepartment(facts: EscalationFacts): string {
  if (facts.clockKind === 'findings' && facts.clockDepartmentId) return facts.clockDepartmentId
  if (facts.owner.departmentId) return facts.owner.departmentId
  const ownerUser = facts.staff.find((s) => s.userId === facts.owner.userId)
  return ownerUser?.departmentIds[0] ?? facts.patientServiceDepartmentId
}

function resolveGroup(group: RecipientGroup, facts: EscalationFacts): string[] {
  switch (group) {
    case 'case_owner': {
      if (facts.owner.userId) return [facts.owner.userId]
      const department = facts.owner.departmentId ?? facts.patientServiceDepartmentId
      // A case waiting in patient service's queue belongs to all of its staff.
      if (department === facts.patientServiceDepartmentId) return [...headsOf(facts, department), ...facts.staff.filter((s) => s.role === 'patient_service').map((s) => s.userId)]
      const heads = headsOf(facts, department)
      return heads.length ? heads : patientServiceDirector(facts)
    }
    case 'clock_department_heads': {
      const department = clockDepartment(facts)
      const heads = department === facts.patientServiceDepartmentId ? patientServiceDirector(facts) : headsOf(facts, department)
      return heads.length ? heads : patientServiceDirector(facts)
    }
    case 'patient_service_director':
      return patientServiceDirector(facts)
    case 'leadership':
      return facts.staff.filter((s) => s.role === 'leadership').map((s) => s.userId)
  }
}

/** The users to notify of a milestone, each once. */
export function escalationRecipients(milestone: Milestone, facts: EscalationFacts): string[] {
  return [...new Set(MILESTONE_RECIPIENTS[facts.clockKind][milestone].flatMap((g) => resolveGroup(g, facts)))]
}
