import { describe, expect, it } from 'vitest'
import { dueMilestones, nextMilestone, pendingMilestones } from '#app/domain/sla-escalation.ts'
import { escalationRecipients, type EscalationFacts } from '#app/domain/sla-recipients.ts'

const m = { warnAt: new Date('2026-03-02T20:00:00Z'), dueAt: new Date('2026-03-03T02:00:00Z'), overdueAt: new Date('2026-03-04T02:00:00Z') }

describe('SLA milestones still to notify', () => {
  it('goes warn → due → overdue, after what was notified already', () => {
    expect(pendingMilestones(m, null).map((p) => p.milestone)).toEqual(['warn', 'due', 'overdue'])
    expect(pendingMilestones(m, 'due').map((p) => p.milestone)).toEqual(['overdue'])
    expect(pendingMilestones(m, 'overdue')).toEqual([])
  })

  it('has no next milestone for a stopped or paused clock', () => {
    expect(nextMilestone(m, null, false)).toEqual({ milestone: 'warn', at: m.warnAt })
    expect(nextMilestone(m, null, true)).toBeNull()
    expect(nextMilestone({ warnAt: null, dueAt: null, overdueAt: null }, null, false)).toBeNull()
  })

  it('lists every milestone that has come, in order, so a late run misses none', () => {
    expect(dueMilestones(m, null, new Date('2026-03-02T19:59:59Z'))).toEqual([])
    expect(dueMilestones(m, null, m.warnAt)).toEqual(['warn'])
    expect(dueMilestones(m, null, new Date('2026-03-05T00:00:00Z'))).toEqual(['warn', 'due', 'overdue'])
    expect(dueMilestones(m, 'warn', new Date('2026-03-03T03:00:00Z'))).toEqual(['due'])
  })
})

const PS = 'ps'
const base: EscalationFacts = {
  clockKind: 'answer',
  clockDepartmentId: null,
  owner: { departmentId: 'cardio', userId: null },
  patientServiceDepartmentId: PS,
  departments: [
    { id: PS, parentId: null },
    { id: 'internal', parentId: null },
    { id: 'cardio', parentId: 'internal' },
    { id: 'icu', parentId: null },
  ],
  staff: [
    { userId: 'cardio-head', role: 'department_head', departmentIds: ['cardio'] },
    { userId: 'internal-head', role: 'department_head', departmentIds: ['internal'] },
    { userId: 'cardio-nurse', role: 'staff', departmentIds: ['cardio'] },
    { userId: 'ps-1', role: 'patient_service', departmentIds: [] },
    { userId: 'ps-2', role: 'patient_service', departmentIds: [] },
    { userId: 'ps-director', role: 'department_head', departmentIds: [PS] },
    { userId: 'president', role: 'leadership', departmentIds: [] },
  ],
}

describe('who hears of an SLA milestone', () => {
  it('warns the owning department’s heads, including the head of the department above it', () => {
    expect(escalationRecipients('warn', base).sort()).toEqual(['cardio-head', 'internal-head'])
  })

  it('warns the owner in person when a user owns the case', () => {
    expect(escalationRecipients('warn', { ...base, owner: { departmentId: null, userId: 'ps-2' } })).toEqual(['ps-2'])
  })

  it('warns all of patient service when the case waits in its queue', () => {
    expect(escalationRecipients('warn', { ...base, owner: { departmentId: PS, userId: null } }).sort()).toEqual(['ps-1', 'ps-2', 'ps-director'])
  })

  it('escalates above when overdue: the patient-service director and leadership', () => {
    expect(escalationRecipients('overdue', base).sort()).toEqual(['president', 'ps-director'])
  })

  it('falls back to patient-service staff when patient service has no head', () => {
    const noDirector = { ...base, staff: base.staff.filter((s) => s.userId !== 'ps-director') }
    expect(escalationRecipients('overdue', noDirector).sort()).toEqual(['president', 'ps-1', 'ps-2'])
  })

  it('sends a findings clock to the involved department’s heads, and its 100% also to the case owner', () => {
    const findings = { ...base, clockKind: 'findings' as const, clockDepartmentId: 'icu', owner: { departmentId: PS, userId: null } }
    // ICU has no head: its warning goes to the patient-service director instead of nobody.
    expect(escalationRecipients('warn', findings)).toEqual(['ps-director'])
    const withHead = { ...findings, staff: [...findings.staff, { userId: 'icu-head', role: 'department_head' as const, departmentIds: ['icu'] }] }
    expect(escalationRecipients('warn', withHead)).toEqual(['icu-head'])
    expect(escalationRecipients('due', withHead).sort()).toEqual(['icu-head', 'ps-1', 'ps-2', 'ps-director'])
  })
})
