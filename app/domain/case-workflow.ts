import type { AnswerChannel } from './case-answer.ts'
import { caseActionSchema, CASE_ACTION_TYPES, type CaseAction, type CaseActionInput, type CaseActionOf, type CaseActionType, type CloseRecord } from './case-actions.ts'
import type { CaseStatus } from './case-status.ts'
import { checkHandoverTarget, isPatientServiceUser, isWithPatientService, ownerAfterHandover, sameParty, type HandoverTarget, type Party } from './handover.ts'
import type { Role } from './roles.ts'
import { clockEffectsFor, type ClockEffect } from './sla.ts'

/**
 * The case state machine (DESIGN.md §3), pure. `decide(case, action, actor, context)` either
 * refuses with a translation key or returns the case after the action, the events to record
 * (who, when, what, and every change of owner with its reason) and the clock effects to apply
 * (sla-clock.ts `applyClockEffects`). The service loads the facts and stores the result.
 *
 *   received ─accept→ accepted ─startInvestigation→ investigating ─respond→ responded ─close→ closed
 *   received ─decline→ not_accepted (final; the reason is told to the patient)
 *   received ─resolveOnTheSpot→ closed (resolution on_the_spot; counts in statistics)
 *   responded|closed ─reopen→ reopened ─startInvestigation→ investigating
 *   accepted|investigating|reopened ─hold→ on_hold ─resume→ the state it was held from
 */

/** States a case may be put on hold from (waiting for the patient): while patient service is working on it. */
export const HOLDABLE_STATUSES = ['accepted', 'investigating', 'reopened'] as const satisfies readonly CaseStatus[]
export type HoldableStatus = (typeof HOLDABLE_STATUSES)[number]

/** Which actions each state allows; anything else is refused with `cases:errors.notAllowedInStatus`. */
export const ALLOWED_ACTIONS: Readonly<Record<CaseStatus, readonly CaseActionType[]>> = {
  received: ['accept', 'decline', 'resolveOnTheSpot', 'handOver', 'assign', 'setUrgency'],
  accepted: ['startInvestigation', 'hold', 'assign', 'setUrgency'],
  not_accepted: [],
  investigating: ['involveDepartments', 'recordFindings', 'respond', 'hold', 'assign', 'setUrgency'],
  responded: ['close', 'reopen', 'assign'],
  closed: ['reopen'],
  reopened: ['startInvestigation', 'hold', 'assign', 'setUrgency'],
  // A department may still hand in its findings while patient service waits for the patient.
  on_hold: ['resume', 'recordFindings', 'assign', 'setUrgency'],
}

/** Where each action leads; actions missing here leave the state as it is (resume goes back to `heldFrom`). */
const TARGET: Partial<Record<CaseActionType, CaseStatus>> = {
  accept: 'accepted',
  decline: 'not_accepted',
  startInvestigation: 'investigating',
  respond: 'responded',
  close: 'closed',
  reopen: 'reopened',
  hold: 'on_hold',
  resolveOnTheSpot: 'closed',
}

/**
 * Who may take each action (DESIGN.md §1): patient service (and admins) run the case; only the
 * first responsible person settles or hands over, and only while they still hold it; findings
 * come from the involved department (its head or staff) or from patient service on its behalf.
 * Leadership reads and changes nothing.
 */
export const ACTION_PERFORMER: Readonly<Record<CaseActionType, 'patient_service' | 'first_responsible' | 'involved_department'>> = {
  accept: 'patient_service',
  decline: 'patient_service',
  startInvestigation: 'patient_service',
  involveDepartments: 'patient_service',
  recordFindings: 'involved_department',
  respond: 'patient_service',
  close: 'patient_service',
  reopen: 'patient_service',
  hold: 'patient_service',
  resume: 'patient_service',
  resolveOnTheSpot: 'first_responsible',
  handOver: 'first_responsible',
  assign: 'patient_service',
  setUrgency: 'patient_service',
}

const RUNS_CASES: readonly Role[] = ['admin', 'patient_service']

export interface InvolvedDepartment {
  departmentId: string
  findingsRecorded: boolean
}

/** What the rules need to know about a case. */
export interface CaseState {
  status: CaseStatus
  /** The state `resume` returns to; set exactly when the case is on hold. */
  heldFrom: HoldableStatus | null
  /** Who first received the complaint (首诉负责人): a department (QR, web, SMS) or the staff user who entered it. */
  firstResponsible: Party
  /** The one accountable owner; starts as the first responsible person. */
  owner: Party
  involvedDepartments: readonly InvolvedDepartment[]
}

/** The staff user acting. */
export interface CaseActor {
  userId: string
  role: Role
  /** Every department the user belongs to or heads (sub-departments expanded by the caller). */
  departmentIds: readonly string[]
}

export interface WorkflowContext {
  /** The hospital's patient-service department, the only place a case may be handed to. */
  patientServiceDepartmentId: string
  /** From the injected clock. */
  now: Date
}

export type CaseClosure = { resolution: 'on_the_spot'; whatWasDone: string } | ({ resolution: 'handled' } & CloseRecord)

/** What the patient must be told because of the action (the service sends or logs it). */
export type PatientNotice = { kind: 'declined'; reason: string; via: AnswerChannel } | { kind: 'answer'; answer: string; via: AnswerChannel }

export type OwnerChangeVia = 'handOver' | 'accept' | 'assign'
export type CaseEvent =
  | { type: 'action'; action: CaseAction; fromStatus: CaseStatus; toStatus: CaseStatus; byUserId: string; at: Date }
  | { type: 'owner_changed'; from: Party; to: Party; reason: string | null; via: OwnerChangeVia; byUserId: string; at: Date }

export interface Decision {
  /** The case after the action. */
  state: CaseState
  events: CaseEvent[]
  clocks: ClockEffect[]
  /**
   * The closing record when the action closes the case. On `reopen` the service clears the
   * case's closing fields; the earlier record stays in the timeline.
   */
  closure: CaseClosure | null
  patientNotice: PatientNotice | null
}

/** A refusal: `error` is a translation key, `field` the form field it belongs to, `params` its interpolation values. */
export interface Refusal {
  ok: false
  error: string
  field?: string
  params?: { max: number }
}
export type DecideResult = { ok: true; next: Decision } | Refusal

const refuse = (error: string, field?: string, params?: { max: number }): Refusal => ({ ok: false, error, ...(field ? { field } : {}), ...(params ? { params } : {}) })
const TRANSLATION_KEY = /^[a-z]+:[\w.]+$/i

/** Whether the actor acts for a holder: the very user, or a member of the department (patient-service staff act for theirs). */
export function actsFor(actor: CaseActor, holder: Party, ctx: WorkflowContext): boolean {
  if (holder.userId) return holder.userId === actor.userId
  if (!holder.departmentId) return false
  return actor.departmentIds.includes(holder.departmentId) || (holder.departmentId === ctx.patientServiceDepartmentId && actor.role === 'patient_service')
}

/** Whether a holder is within patient service (a bare user counts when it is the patient-service actor themself). */
function heldByPatientService(holder: Party, actor: CaseActor, ctx: WorkflowContext): boolean {
  return isWithPatientService(holder, ctx.patientServiceDepartmentId) || (holder.userId === actor.userId && isPatientServiceUser(actor, ctx.patientServiceDepartmentId))
}

/** The checks that depend on who acts, before the action's own fields are read. */
function performerRefusal(type: CaseActionType, state: CaseState, actor: CaseActor, ctx: WorkflowContext): string | null {
  switch (ACTION_PERFORMER[type]) {
    case 'patient_service':
      return RUNS_CASES.includes(actor.role) ? null : 'cases:errors.onlyPatientService'
    case 'first_responsible':
      if (!actsFor(actor, state.firstResponsible, ctx)) return 'cases:errors.notFirstResponsible'
      return sameParty(state.owner, state.firstResponsible) ? null : 'cases:errors.alreadyHandedOver'
    case 'involved_department':
      return null // needs the department named in the action: checked with the fields
  }
}

/** Decides an action on a case. Refusals are translation keys in the `cases` namespace (or `common`). */
export function decide(state: CaseState, input: CaseActionInput, actor: CaseActor, ctx: WorkflowContext): DecideResult {
  if (actor.role === 'leadership') return refuse('cases:errors.readOnly')
  if (!CASE_ACTION_TYPES.includes(input.type)) return refuse('cases:errors.unknownAction')
  if (!ALLOWED_ACTIONS[state.status].includes(input.type)) return refuse('cases:errors.notAllowedInStatus')
  const performer = performerRefusal(input.type, state, actor, ctx)
  if (performer) return refuse(performer)

  const parsed = caseActionSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const field = issue.path.length ? String(issue.path[0]) : undefined
    const params = 'maximum' in issue ? { max: Number(issue.maximum) } : undefined
    return refuse(TRANSLATION_KEY.test(issue.message) ? issue.message : 'common:errors.required', field, params)
  }
  return apply(state, parsed.data, actor, ctx)
}

function apply(state: CaseState, action: CaseAction, actor: CaseActor, ctx: WorkflowContext): DecideResult {
  const toStatus = action.type === 'resume' ? state.heldFrom : (TARGET[action.type] ?? state.status)
  if (!toStatus) return refuse('cases:errors.notAllowedInStatus')
  const by = { byUserId: actor.userId, at: ctx.now }
  const next: Decision = {
    state: { ...state, status: toStatus, heldFrom: action.type === 'hold' ? (state.status as HoldableStatus) : action.type === 'resume' ? null : state.heldFrom },
    events: [{ type: 'action', action, fromStatus: state.status, toStatus, ...by }],
    clocks: clockEffectsFor(action.type),
    closure: null,
    patientNotice: null,
  }
  const moveOwner = (to: Party, via: OwnerChangeVia, reason: string | null) => {
    next.events.push({ type: 'owner_changed', from: state.owner, to, reason, via, ...by })
    next.state = { ...next.state, owner: to }
  }

  switch (action.type) {
    case 'accept':
      // Patient service may take a case its first responsible person has not passed on yet.
      if (!heldByPatientService(state.owner, actor, ctx)) moveOwner({ departmentId: ctx.patientServiceDepartmentId, userId: null }, 'accept', action.note)
      break
    case 'decline':
      next.patientNotice = { kind: 'declined', reason: action.reason, via: action.via }
      break
    case 'respond':
      next.patientNotice = { kind: 'answer', answer: action.answer, via: action.via }
      break
    case 'close': {
      const { type: _type, ...record } = action
      next.closure = { resolution: 'handled', ...record }
      break
    }
    case 'resolveOnTheSpot':
      next.closure = { resolution: 'on_the_spot', whatWasDone: action.whatWasDone }
      break
    case 'handOver': {
      if (heldByPatientService(state.firstResponsible, actor, ctx)) return refuse('cases:errors.alreadyWithPatientService')
      const sideways = checkHandoverTarget(action.to, ctx.patientServiceDepartmentId)
      if (sideways) return refuse(sideways, 'to')
      moveOwner(ownerAfterHandover(action.to, ctx.patientServiceDepartmentId), 'handOver', action.note)
      break
    }
    case 'assign': {
      if (checkHandoverTarget(action.to, ctx.patientServiceDepartmentId)) return refuse('cases:errors.assignOutsidePatientService', 'to')
      const to = ownerAfterHandover(action.to, ctx.patientServiceDepartmentId)
      if (sameParty(to, state.owner)) return refuse('cases:errors.alreadyOwner', 'to')
      moveOwner(to, 'assign', action.note)
      break
    }
    case 'involveDepartments': {
      // A department that already gave findings may be asked again (e.g. after the patient reopened the case).
      const pending = new Set(state.involvedDepartments.filter((d) => !d.findingsRecorded).map((d) => d.departmentId))
      const asked = [...new Set(action.departmentIds)].filter((id) => !pending.has(id))
      if (asked.length === 0) return refuse('cases:errors.departmentsAlreadyInvolved', 'departmentIds')
      const others = state.involvedDepartments.filter((d) => !asked.includes(d.departmentId))
      next.state = { ...next.state, involvedDepartments: [...others, ...asked.map((departmentId) => ({ departmentId, findingsRecorded: false }))] }
      next.clocks = clockEffectsFor('involveDepartments', asked)
      break
    }
    case 'recordFindings':
      return recordFindings(state, action, actor, next)
    case 'setUrgency':
    case 'startInvestigation':
    case 'reopen':
    case 'hold':
    case 'resume':
      break
  }
  return { ok: true, next }
}

function recordFindings(state: CaseState, action: CaseActionOf<'recordFindings'>, actor: CaseActor, next: Decision): DecideResult {
  if (!RUNS_CASES.includes(actor.role) && !actor.departmentIds.includes(action.departmentId)) return refuse('cases:errors.notYourDepartment', 'departmentId')
  const involved = state.involvedDepartments.find((d) => d.departmentId === action.departmentId)
  if (!involved) return refuse('cases:errors.departmentNotInvolved', 'departmentId')
  if (involved.findingsRecorded) return refuse('cases:errors.findingsAlreadyRecorded', 'departmentId')
  next.state = {
    ...next.state,
    involvedDepartments: state.involvedDepartments.map((d) => (d.departmentId === action.departmentId ? { ...d, findingsRecorded: true } : d)),
  }
  next.clocks = clockEffectsFor('recordFindings', [action.departmentId])
  return { ok: true, next }
}

/** The actions an actor could take on a case now (for showing buttons); fields are checked on submit. */
export function availableActions(state: CaseState, actor: CaseActor, ctx: WorkflowContext): CaseActionType[] {
  if (actor.role === 'leadership') return []
  return ALLOWED_ACTIONS[state.status].filter((type) => {
    if (performerRefusal(type, state, actor, ctx)) return false
    if (type === 'handOver') return !heldByPatientService(state.firstResponsible, actor, ctx)
    if (type === 'recordFindings') return state.involvedDepartments.some((d) => !d.findingsRecorded && (RUNS_CASES.includes(actor.role) || actor.departmentIds.includes(d.departmentId)))
    return true
  })
}

export type { CaseAction, CaseActionInput, HandoverTarget, Party }
