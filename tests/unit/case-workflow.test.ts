import { describe, expect, it } from 'vitest'
import { CASE_ACTION_TYPES, type CaseActionInput, type CaseActionType } from '#app/domain/case-actions.ts'
import { CASE_STATUSES, type CaseStatus } from '#app/domain/case-status.ts'
import { ACTION_PERFORMER, availableActions, decide, HOLDABLE_STATUSES, type CaseActor, type CaseState, type DecideResult, type Decision } from '#app/domain/case-workflow.ts'

const PS = 'dept-patient-service'
const CARDIOLOGY = 'dept-cardiology'
const ICU = 'dept-icu'
const now = new Date('2025-09-26T02:00:00Z')
const ctx = { patientServiceDepartmentId: PS, now }

const psStaff: CaseActor = { userId: 'u-ps', role: 'patient_service', departmentIds: [PS] }
const admin: CaseActor = { userId: 'u-admin', role: 'admin', departmentIds: [] }
const cardiologyHead: CaseActor = { userId: 'u-cardiology-head', role: 'department_head', departmentIds: [CARDIOLOGY] }
const cardiologyNurse: CaseActor = { userId: 'u-cardiology-nurse', role: 'staff', departmentIds: [CARDIOLOGY] }
const icuHead: CaseActor = { userId: 'u-icu-head', role: 'department_head', departmentIds: [ICU] }
const leader: CaseActor = { userId: 'u-leader', role: 'leadership', departmentIds: [] }
const psColleague = { kind: 'user', userId: 'u-ps-2', role: 'patient_service', departmentIds: [PS] } as const

/** A QR complaint from the cardiology ward: still with cardiology while received, with patient service afterwards. */
function qrCase(status: CaseStatus, extra: Partial<CaseState> = {}): CaseState {
  const cardiology = { departmentId: CARDIOLOGY, userId: null }
  return {
    status,
    heldFrom: status === 'on_hold' ? 'investigating' : null,
    firstResponsible: cardiology,
    owner: status === 'received' ? cardiology : { departmentId: PS, userId: null },
    involvedDepartments: [{ departmentId: CARDIOLOGY, findingsRecorded: false }],
    ...extra,
  }
}

const SAMPLE: Record<CaseActionType, CaseActionInput> = {
  accept: { type: 'accept' },
  decline: { type: 'decline', reason: '已进入司法程序，不属于投诉受理范围', via: 'phone' },
  startInvestigation: { type: 'startInvestigation' },
  involveDepartments: { type: 'involveDepartments', departmentIds: [ICU] },
  recordFindings: { type: 'recordFindings', departmentId: CARDIOLOGY, findings: '护士当晚未及时回应呼叫铃，已约谈' },
  respond: { type: 'respond', answer: '经核实，护士未及时回应，科室已整改并向您致歉。', via: 'sms' },
  close: { type: 'close', finding: '服务不到位属实', valid: true, attributedDepartmentId: CARDIOLOGY, remedy: '科室培训并调整夜班人手', answer: '已向患者致歉并说明整改措施' },
  reopen: { type: 'reopen', newInformation: '患者称次日仍无人回应呼叫铃' },
  hold: { type: 'hold', reason: '等待患者提供缴费票据' },
  resume: { type: 'resume' },
  resolveOnTheSpot: { type: 'resolveOnTheSpot', whatWasDone: '护士长当场致歉并调换床位' },
  handOver: { type: 'handOver', to: { kind: 'department', departmentId: PS }, note: '涉及费用，科室无法当场解决' },
  assign: { type: 'assign', to: psColleague },
  setUrgency: { type: 'setUrgency', urgent: true },
}

const actorFor = (action: CaseActionType) => (ACTION_PERFORMER[action] === 'first_responsible' ? cardiologyHead : psStaff)

function ok(result: DecideResult): Decision {
  if (!result.ok) throw new Error(`refused: ${result.error}`)
  return result.next
}

/** The whole transition table, written out: anything not listed must be refused. */
const LEGAL: Record<string, CaseStatus> = {
  'received accept': 'accepted',
  'received decline': 'not_accepted',
  'received resolveOnTheSpot': 'closed',
  'received handOver': 'received',
  'received assign': 'received',
  'accepted startInvestigation': 'investigating',
  'accepted hold': 'on_hold',
  'accepted assign': 'accepted',
  'investigating involveDepartments': 'investigating',
  'investigating recordFindings': 'investigating',
  'investigating respond': 'responded',
  'investigating hold': 'on_hold',
  'investigating assign': 'investigating',
  'responded close': 'closed',
  'responded reopen': 'reopened',
  'responded assign': 'responded',
  'closed reopen': 'reopened',
  'reopened startInvestigation': 'investigating',
  'reopened hold': 'on_hold',
  'reopened assign': 'reopened',
  'on_hold resume': 'investigating',
  'on_hold recordFindings': 'on_hold',
  'on_hold assign': 'on_hold',
  'received setUrgency': 'received',
  'accepted setUrgency': 'accepted',
  'investigating setUrgency': 'investigating',
  'reopened setUrgency': 'reopened',
  'on_hold setUrgency': 'on_hold',
}

describe('case state machine: every status × action', () => {
  const combos = CASE_STATUSES.flatMap((status) => CASE_ACTION_TYPES.map((action) => [status, action] as const))

  it('covers all 8 × 14 combinations', () => {
    expect(combos).toHaveLength(8 * 14)
  })

  it.each(combos)('%s + %s is allowed exactly when the table says so', (status, action) => {
    const result = decide(qrCase(status), SAMPLE[action], actorFor(action), ctx)
    const expected = LEGAL[`${status} ${action}`]
    if (expected) {
      expect(ok(result).state.status).toBe(expected)
    } else {
      expect(result).toEqual({ ok: false, error: 'cases:errors.notAllowedInStatus' })
    }
  })

  it('leaves not_accepted as a final state', () => {
    for (const action of CASE_ACTION_TYPES) expect(decide(qrCase('not_accepted'), SAMPLE[action], actorFor(action), ctx).ok).toBe(false)
  })

  it('records each action as an event with who, when, the status before and after', () => {
    const next = ok(decide(qrCase('investigating'), SAMPLE.respond, psStaff, ctx))
    expect(next.events[0]).toMatchObject({ type: 'action', fromStatus: 'investigating', toStatus: 'responded', byUserId: 'u-ps', at: now, action: { type: 'respond' } })
  })

  it('refuses an action it does not know', () => {
    expect(decide(qrCase('received'), { type: 'escalate' } as unknown as CaseActionInput, psStaff, ctx)).toEqual({ ok: false, error: 'cases:errors.unknownAction' })
  })
})

describe('roles (DESIGN.md §1)', () => {
  it('lets leadership read but refuses every action', () => {
    for (const status of CASE_STATUSES) for (const action of CASE_ACTION_TYPES) expect(decide(qrCase(status), SAMPLE[action], leader, ctx)).toEqual({ ok: false, error: 'cases:errors.readOnly' })
  })

  it('lets admin and patient service run the case', () => {
    for (const actor of [admin, psStaff]) {
      expect(ok(decide(qrCase('received'), SAMPLE.accept, actor, ctx)).state.status).toBe('accepted')
      expect(ok(decide(qrCase('investigating'), SAMPLE.involveDepartments, actor, ctx)).state.involvedDepartments).toHaveLength(2)
      expect(ok(decide(qrCase('responded'), SAMPLE.close, actor, ctx)).state.status).toBe('closed')
    }
  })

  it('keeps department heads and staff to settling, handing over and findings', () => {
    const patientServiceActions = CASE_ACTION_TYPES.filter((a) => ACTION_PERFORMER[a] === 'patient_service')
    for (const actor of [cardiologyHead, cardiologyNurse]) {
      for (const action of patientServiceActions) {
        const status = (Object.keys(LEGAL).find((k) => k.endsWith(` ${action}`)) ?? '').split(' ')[0] as CaseStatus
        expect(decide(qrCase(status), SAMPLE[action], actor, ctx), `${actor.role} ${action}`).toEqual({ ok: false, error: 'cases:errors.onlyPatientService' })
      }
    }
    expect(ok(decide(qrCase('received'), SAMPLE.resolveOnTheSpot, cardiologyNurse, ctx)).state.status).toBe('closed')
    expect(ok(decide(qrCase('investigating'), SAMPLE.recordFindings, cardiologyNurse, ctx)).state.involvedDepartments[0]?.findingsRecorded).toBe(true)
  })

  it('does not let admin or patient service act as a first responsible person they are not', () => {
    for (const actor of [admin, psStaff]) {
      expect(decide(qrCase('received'), SAMPLE.resolveOnTheSpot, actor, ctx)).toEqual({ ok: false, error: 'cases:errors.notFirstResponsible' })
      expect(decide(qrCase('received'), SAMPLE.handOver, actor, ctx)).toEqual({ ok: false, error: 'cases:errors.notFirstResponsible' })
    }
  })

  it('does not let another department settle or hand over a case it did not receive', () => {
    expect(decide(qrCase('received'), SAMPLE.resolveOnTheSpot, icuHead, ctx)).toEqual({ ok: false, error: 'cases:errors.notFirstResponsible' })
    expect(decide(qrCase('received'), SAMPLE.handOver, icuHead, ctx)).toEqual({ ok: false, error: 'cases:errors.notFirstResponsible' })
  })

  it('makes the staff user who entered a complaint its first responsible person, not their head', () => {
    const entered = qrCase('received', { firstResponsible: { departmentId: null, userId: cardiologyNurse.userId }, owner: { departmentId: null, userId: cardiologyNurse.userId } })
    expect(ok(decide(entered, SAMPLE.handOver, cardiologyNurse, ctx)).state.owner).toEqual({ departmentId: PS, userId: null })
    expect(decide(entered, SAMPLE.handOver, cardiologyHead, ctx)).toEqual({ ok: false, error: 'cases:errors.notFirstResponsible' })
  })

  it('lets patient service settle on the spot a web complaint it received first', () => {
    const web = qrCase('received', { firstResponsible: { departmentId: PS, userId: null }, owner: { departmentId: PS, userId: null } })
    expect(ok(decide(web, SAMPLE.resolveOnTheSpot, psStaff, ctx)).closure).toEqual({ resolution: 'on_the_spot', whatWasDone: '护士长当场致歉并调换床位' })
  })

  it('lets a department record findings only for itself, patient service for any involved department', () => {
    const both = qrCase('investigating', { involvedDepartments: [{ departmentId: CARDIOLOGY, findingsRecorded: false }, { departmentId: ICU, findingsRecorded: false }] })
    const icuFindings = { type: 'recordFindings', departmentId: ICU, findings: '夜班交接记录完整' } as const
    expect(decide(both, icuFindings, cardiologyHead, ctx)).toEqual({ ok: false, error: 'cases:errors.notYourDepartment', field: 'departmentId' })
    expect(ok(decide(both, icuFindings, icuHead, ctx)).clocks).toEqual([{ op: 'stop', kind: 'findings', departmentId: ICU }])
    expect(ok(decide(both, icuFindings, admin, ctx)).state.involvedDepartments).toEqual([
      { departmentId: CARDIOLOGY, findingsRecorded: false },
      { departmentId: ICU, findingsRecorded: true },
    ])
  })

  it('refuses findings from a department not involved, and a second time', () => {
    const icuFindings = { type: 'recordFindings', departmentId: ICU, findings: '无' } as const
    expect(decide(qrCase('investigating'), icuFindings, icuHead, ctx)).toEqual({ ok: false, error: 'cases:errors.departmentNotInvolved', field: 'departmentId' })
    const done = qrCase('investigating', { involvedDepartments: [{ departmentId: CARDIOLOGY, findingsRecorded: true }] })
    expect(decide(done, SAMPLE.recordFindings, cardiologyHead, ctx)).toEqual({ ok: false, error: 'cases:errors.findingsAlreadyRecorded', field: 'departmentId' })
  })

  it('offers each actor only the actions they may take', () => {
    expect(availableActions(qrCase('received'), cardiologyHead, ctx)).toEqual(['resolveOnTheSpot', 'handOver'])
    expect(availableActions(qrCase('received'), psStaff, ctx)).toEqual(['accept', 'decline', 'assign', 'setUrgency'])
    expect(availableActions(qrCase('investigating'), icuHead, ctx)).toEqual([])
    expect(availableActions(qrCase('investigating'), cardiologyNurse, ctx)).toEqual(['recordFindings'])
    for (const status of CASE_STATUSES) expect(availableActions(qrCase(status), leader, ctx)).toEqual([])
  })
})

describe('required fields', () => {
  const blank: [CaseStatus, CaseActionInput, CaseActor, string, string][] = [
    ['received', { type: 'decline', reason: '  ', via: 'phone' }, psStaff, 'reason', 'cases:errors.declineReasonRequired'],
    ['investigating', { type: 'recordFindings', departmentId: CARDIOLOGY, findings: '' }, cardiologyHead, 'findings', 'cases:errors.findingsRequired'],
    ['investigating', { type: 'respond', answer: '', via: 'phone' }, psStaff, 'answer', 'cases:errors.answerRequired'],
    ['responded', { ...SAMPLE.close, finding: ' ' } as CaseActionInput, psStaff, 'finding', 'cases:errors.findingRequired'],
    ['responded', { ...SAMPLE.close, answer: '' } as CaseActionInput, psStaff, 'answer', 'cases:errors.answerRequired'],
    ['responded', { ...SAMPLE.close, attributedDepartmentId: null } as CaseActionInput, psStaff, 'attributedDepartmentId', 'cases:errors.attributedDepartmentRequired'],
    ['responded', { ...SAMPLE.close, remedy: '' } as CaseActionInput, psStaff, 'remedy', 'cases:errors.remedyRequired'],
    ['responded', { ...SAMPLE.close, valid: undefined } as unknown as CaseActionInput, psStaff, 'valid', 'cases:errors.validityRequired'],
    ['closed', { type: 'reopen', newInformation: '' }, psStaff, 'newInformation', 'cases:errors.newInformationRequired'],
    ['investigating', { type: 'hold', reason: '' }, psStaff, 'reason', 'cases:errors.holdReasonRequired'],
    ['received', { type: 'resolveOnTheSpot', whatWasDone: '' }, cardiologyHead, 'whatWasDone', 'cases:errors.whatWasDoneRequired'],
    ['received', { ...SAMPLE.handOver, note: '' } as CaseActionInput, cardiologyHead, 'note', 'cases:errors.handoverNoteRequired'],
    ['investigating', { type: 'involveDepartments', departmentIds: [] }, psStaff, 'departmentIds', 'cases:errors.departmentsRequired'],
  ]

  it.each(blank)('%s: refuses %j without its required field', (status, action, actor, field, error) => {
    expect(decide(qrCase(status), action, actor, ctx)).toEqual({ ok: false, error, field })
  })

  it('refuses text over the limit with the limit to show', () => {
    expect(decide(qrCase('investigating'), { type: 'respond', answer: '答'.repeat(2001), via: 'phone' }, psStaff, ctx)).toEqual({ ok: false, error: 'common:errors.tooLong', field: 'answer', params: { max: 2000 } })
  })

  it('closes a valid complaint with its full closing record', () => {
    expect(ok(decide(qrCase('responded'), { ...SAMPLE.close, attributedUserId: 'u-night-nurse' } as CaseActionInput, psStaff, ctx)).closure).toEqual({
      resolution: 'handled',
      finding: '服务不到位属实',
      valid: true,
      attributedDepartmentId: CARDIOLOGY,
      attributedUserId: 'u-night-nurse',
      remedy: '科室培训并调整夜班人手',
      answer: '已向患者致歉并说明整改措施',
    })
  })

  it('closes a complaint found not valid without attribution or remedy', () => {
    const invalid = { type: 'close', finding: '经调阅监控，情况不属实', valid: false, attributedDepartmentId: CARDIOLOGY, answer: '经核实…' } as const
    expect(ok(decide(qrCase('responded'), invalid, psStaff, ctx)).closure).toMatchObject({ valid: false, attributedDepartmentId: null, attributedUserId: null, remedy: null })
  })

  it('tells the patient why a case is not accepted, and what the answer is', () => {
    expect(ok(decide(qrCase('received'), SAMPLE.decline, psStaff, ctx)).patientNotice).toEqual({ kind: 'declined', reason: '已进入司法程序，不属于投诉受理范围', via: 'phone' })
    expect(ok(decide(qrCase('investigating'), SAMPLE.respond, psStaff, ctx)).patientNotice).toEqual({ kind: 'answer', answer: '经核实，护士未及时回应，科室已整改并向您致歉。', via: 'sms' })
  })
})

describe('first responsible person (首诉负责制)', () => {
  it('hands a case to the patient-service department with the handover recorded', () => {
    const next = ok(decide(qrCase('received'), SAMPLE.handOver, cardiologyHead, ctx))
    expect(next.state.status).toBe('received')
    expect(next.state.owner).toEqual({ departmentId: PS, userId: null })
    expect(next.events[1]).toEqual({
      type: 'owner_changed',
      from: { departmentId: CARDIOLOGY, userId: null },
      to: { departmentId: PS, userId: null },
      reason: '涉及费用，科室无法当场解决',
      via: 'handOver',
      byUserId: cardiologyHead.userId,
      at: now,
    })
  })

  it('may hand a case to a named patient-service colleague', () => {
    const next = ok(decide(qrCase('received'), { ...SAMPLE.handOver, to: psColleague } as CaseActionInput, cardiologyNurse, ctx))
    expect(next.state.owner).toEqual({ departmentId: PS, userId: 'u-ps-2' })
  })

  it('refuses to pass a case sideways to another department or person', () => {
    const sideways = [
      { kind: 'department', departmentId: ICU },
      { kind: 'user', userId: 'u-icu-head', role: 'department_head', departmentIds: [ICU] },
      { kind: 'user', userId: 'u-leader', role: 'leadership', departmentIds: [] },
    ] as const
    for (const to of sideways) {
      expect(decide(qrCase('received'), { ...SAMPLE.handOver, to } as CaseActionInput, cardiologyHead, ctx)).toEqual({ ok: false, error: 'cases:errors.handoverSideways', field: 'to' })
    }
  })

  it('has nothing to hand over when patient service received the complaint itself', () => {
    const web = qrCase('received', { firstResponsible: { departmentId: PS, userId: null }, owner: { departmentId: PS, userId: null } })
    expect(decide(web, SAMPLE.handOver, psStaff, ctx)).toEqual({ ok: false, error: 'cases:errors.alreadyWithPatientService' })
  })

  it('stops the first responsible person acting once the case is handed over', () => {
    const handed = ok(decide(qrCase('received'), SAMPLE.handOver, cardiologyHead, ctx)).state
    expect(decide(handed, SAMPLE.resolveOnTheSpot, cardiologyHead, ctx)).toEqual({ ok: false, error: 'cases:errors.alreadyHandedOver' })
    expect(decide(handed, SAMPLE.handOver, cardiologyHead, ctx)).toEqual({ ok: false, error: 'cases:errors.alreadyHandedOver' })
  })

  it('resolves on the spot: the case closes as resolved on the spot and every clock stops', () => {
    const next = ok(decide(qrCase('received'), SAMPLE.resolveOnTheSpot, cardiologyHead, ctx))
    expect(next.state).toMatchObject({ status: 'closed', owner: { departmentId: CARDIOLOGY, userId: null } })
    expect(next.closure).toEqual({ resolution: 'on_the_spot', whatWasDone: '护士长当场致歉并调换床位' })
    expect(next.clocks).toEqual([{ op: 'stop', kind: 'all', departmentId: null }])
    expect(next.events).toHaveLength(1)
  })

  it('moves a case patient service accepts before the handover into patient service, recorded', () => {
    const next = ok(decide(qrCase('received'), { type: 'accept', note: '患者来电催办' }, psStaff, ctx))
    expect(next.state.owner).toEqual({ departmentId: PS, userId: null })
    expect(next.events[1]).toMatchObject({ type: 'owner_changed', via: 'accept', reason: '患者来电催办', from: { departmentId: CARDIOLOGY } })
    const handed = ok(decide(qrCase('received'), SAMPLE.handOver, cardiologyHead, ctx)).state
    expect(ok(decide(handed, SAMPLE.accept, psStaff, ctx)).events).toHaveLength(1)
  })

  it('assigns within patient service only, always to one owner', () => {
    const next = ok(decide(qrCase('investigating'), SAMPLE.assign, admin, ctx))
    expect(next.state.owner).toEqual({ departmentId: PS, userId: 'u-ps-2' })
    expect(next.events[1]).toMatchObject({ type: 'owner_changed', via: 'assign', reason: null })
    const toCardiology = { type: 'assign', to: { kind: 'user', userId: cardiologyHead.userId, role: 'department_head', departmentIds: [CARDIOLOGY] } } as const
    expect(decide(qrCase('investigating'), toCardiology, psStaff, ctx)).toEqual({ ok: false, error: 'cases:errors.assignOutsidePatientService', field: 'to' })
    expect(decide(next.state, SAMPLE.assign, psStaff, ctx)).toEqual({ ok: false, error: 'cases:errors.alreadyOwner', field: 'to' })
  })
})

describe('hold and resume', () => {
  it.each(HOLDABLE_STATUSES)('puts a case %s on hold and resumes it to the same state, pausing and resuming the clocks', (status) => {
    const held = ok(decide(qrCase(status), SAMPLE.hold, psStaff, ctx))
    expect(held.state).toMatchObject({ status: 'on_hold', heldFrom: status })
    expect(held.clocks).toEqual([{ op: 'pause_all', departmentId: null }])
    const resumed = ok(decide(held.state, SAMPLE.resume, psStaff, ctx))
    expect(resumed.state).toMatchObject({ status, heldFrom: null })
    expect(resumed.clocks).toEqual([{ op: 'resume_all', departmentId: null }])
    expect(resumed.events[0]).toMatchObject({ fromStatus: 'on_hold', toStatus: status })
  })
})

describe('clock effects', () => {
  it('stops the first-contact clock when the case is accepted', () => {
    expect(ok(decide(qrCase('received'), SAMPLE.accept, psStaff, ctx)).clocks).toEqual([{ op: 'stop', kind: 'first_contact', departmentId: null }])
  })

  it('starts a findings clock per newly involved department and resizes the answer clock', () => {
    const next = ok(decide(qrCase('investigating'), { type: 'involveDepartments', departmentIds: [ICU, CARDIOLOGY, ICU] }, psStaff, ctx))
    expect(next.clocks).toEqual([
      { op: 'start', kind: 'findings', departmentId: ICU },
      { op: 'resize', kind: 'answer', departmentId: null },
    ])
    expect(next.state.involvedDepartments.map((d) => d.departmentId)).toEqual([CARDIOLOGY, ICU])
  })

  it('asks a department again after it gave findings, but not while they are awaited', () => {
    const done = qrCase('investigating', { involvedDepartments: [{ departmentId: CARDIOLOGY, findingsRecorded: true }] })
    const again = ok(decide(done, { type: 'involveDepartments', departmentIds: [CARDIOLOGY] }, psStaff, ctx))
    expect(again.state.involvedDepartments).toEqual([{ departmentId: CARDIOLOGY, findingsRecorded: false }])
    expect(decide(again.state, { type: 'involveDepartments', departmentIds: [CARDIOLOGY] }, psStaff, ctx)).toEqual({ ok: false, error: 'cases:errors.departmentsAlreadyInvolved', field: 'departmentIds' })
  })

  it('stops the answer clock on the answer and starts it again when the patient reopens the case', () => {
    expect(ok(decide(qrCase('investigating'), SAMPLE.respond, psStaff, ctx)).clocks).toEqual([{ op: 'stop', kind: 'answer', departmentId: null }])
    expect(ok(decide(qrCase('closed'), SAMPLE.reopen, psStaff, ctx)).clocks).toEqual([{ op: 'start', kind: 'answer', departmentId: null }])
  })
})
