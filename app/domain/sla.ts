import { z } from 'zod'
import type { CaseActionType } from './case-actions.ts'
import { addWorkingTime, type CalendarOverrides } from './working-calendar.ts'

/**
 * SLA clocks of a case (DESIGN.md §3), counted in the hospital's working calendar: settings
 * and their defaults, durations, milestones, badges, and who each milestone notifies. Pure:
 * the clock's state and its changes are in sla-clock.ts.
 *
 * All working amounts are whole working MINUTES: exact integers all the way through
 * `addWorkingTime`, which makes "pausing shifts every milestone by exactly the paused working
 * time" hold to the millisecond.
 */
export const CLOCK_KINDS = ['first_contact', 'answer', 'findings'] as const
/** first_contact: reaching the patient; answer: the answer to the patient; findings: one involved department's findings. */
export type ClockKind = (typeof CLOCK_KINDS)[number]

export interface SlaSettings {
  firstContactWorkingDays: number
  urgentFirstContactWorkingHours: number
  answerWorkingDays: number
  /** The national rules' 10 working days when more than one department is involved. */
  multiDepartmentAnswerWorkingDays: number
  findingsWorkingDays: number
  /** Share of a clock's time after which its owner is warned. */
  warnAtFraction: number
}

export const DEFAULT_SLA_SETTINGS: Readonly<SlaSettings> = Object.freeze({
  firstContactWorkingDays: 1,
  urgentFirstContactWorkingHours: 2,
  answerWorkingDays: 5,
  multiDepartmentAnswerWorkingDays: 10,
  findingsWorkingDays: 3,
  warnAtFraction: 0.75,
})

export const MAX_SLA_WORKING_DAYS = 60
export const MAX_URGENT_WORKING_HOURS = 48

const workingDays = z.coerce.number().int('cases:errors.slaWorkingDays').min(1, 'cases:errors.slaWorkingDays').max(MAX_SLA_WORKING_DAYS, 'cases:errors.slaWorkingDays')
const slaFields = {
  firstContactWorkingDays: workingDays,
  urgentFirstContactWorkingHours: z.coerce
    .number()
    .int('cases:errors.slaWorkingHours')
    .min(1, 'cases:errors.slaWorkingHours')
    .max(MAX_URGENT_WORKING_HOURS, 'cases:errors.slaWorkingHours'),
  answerWorkingDays: workingDays,
  multiDepartmentAnswerWorkingDays: workingDays,
  findingsWorkingDays: workingDays,
  warnAtFraction: z.coerce.number().gt(0, 'cases:errors.slaWarnFraction').lt(1, 'cases:errors.slaWarnFraction'),
}

/** A hospital's complete SLA settings, as its settings form submits them. */
export const slaSettingsSchema = z.object(slaFields).superRefine((v, ctx) => {
  if (v.multiDepartmentAnswerWorkingDays < v.answerWorkingDays) {
    ctx.addIssue({ code: 'custom', path: ['multiDepartmentAnswerWorkingDays'], message: 'cases:errors.slaMultiDepartmentShorter' })
  }
})

/** What a hospital stores: only the values it changed from the defaults. */
export const slaSettingsOverridesSchema = z.object(slaFields).partial().strict()
export type SlaSettingsOverrides = z.infer<typeof slaSettingsOverridesSchema>

/** The settings in force: the defaults with the hospital's changes on top. */
export function resolveSlaSettings(overrides?: SlaSettingsOverrides | null): SlaSettings {
  const defined = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined))
  return { ...DEFAULT_SLA_SETTINGS, ...defined }
}

/** Facts about a case that change how long its clocks run. */
export interface ClockFacts {
  urgent: boolean
  /** How many departments are involved in the case. */
  departmentCount: number
}

const DAY_MINUTES = 24 * 60

/** How long a clock runs, in working minutes (working days count 24 hours). */
export function clockDuration(kind: ClockKind, facts: ClockFacts, settings: SlaSettings = DEFAULT_SLA_SETTINGS): number {
  switch (kind) {
    case 'first_contact':
      return facts.urgent ? settings.urgentFirstContactWorkingHours * 60 : settings.firstContactWorkingDays * DAY_MINUTES
    case 'answer':
      return (facts.departmentCount > 1 ? settings.multiDepartmentAnswerWorkingDays : settings.answerWorkingDays) * DAY_MINUTES
    case 'findings':
      return settings.findingsWorkingDays * DAY_MINUTES
  }
}

/** The hospital's working calendar: its time zone and the admin's per-date overrides. */
export interface WorkingCalendar {
  timeZone: string
  overrides?: CalendarOverrides
}

/** When a clock that started at `startedAt` runs out, after `pausedMinutes` of working time on hold. */
export function clockDueAt(startedAt: Date, durationMinutes: number, calendar: WorkingCalendar, pausedMinutes = 0): Date {
  return addWorkingTime(startedAt, { minutes: durationMinutes + pausedMinutes }, calendar.timeZone, calendar.overrides)
}

export const MILESTONES = ['warn', 'due', 'overdue'] as const
/** warn: share `warnAtFraction` used; due: 100%; overdue: one more working day past due. */
export type Milestone = (typeof MILESTONES)[number]

export interface ClockMilestones {
  warnAt: Date
  dueAt: Date
  overdueEscalateAt: Date
}

/** The part of a clock the milestones depend on (see SlaClock in sla-clock.ts). */
export interface ClockTiming {
  startedAt: Date
  durationMinutes: number
  pausedMinutes: number
  pausedAt: Date | null
}

/**
 * A clock's milestones, all on working time so rest days are skipped. Null while the clock is
 * paused: its remaining time is known, its moments are not until it resumes.
 */
export function milestones(clock: ClockTiming, calendar: WorkingCalendar, settings: Pick<SlaSettings, 'warnAtFraction'> = DEFAULT_SLA_SETTINGS): ClockMilestones | null {
  if (clock.pausedAt) return null
  // At least a minute in, so a clock started on a rest day never warns on that rest day.
  const warnMinutes = Math.max(1, Math.floor(clock.durationMinutes * settings.warnAtFraction))
  const dueAt = clockDueAt(clock.startedAt, clock.durationMinutes, calendar, clock.pausedMinutes)
  return {
    warnAt: clockDueAt(clock.startedAt, warnMinutes, calendar, clock.pausedMinutes),
    dueAt,
    overdueEscalateAt: addWorkingTime(dueAt, { days: 1 }, calendar.timeZone, calendar.overrides),
  }
}

export const milestoneAt = (m: ClockMilestones, milestone: Milestone): Date => (milestone === 'warn' ? m.warnAt : milestone === 'due' ? m.dueAt : m.overdueEscalateAt)

/** "Due soon" on the case list: due within the next 24 hours of wall-clock time. */
export const DUE_SOON_MS = 24 * 3_600_000

export const SLA_BADGES = ['on_time', 'due_soon', 'overdue', 'paused', 'met', 'missed'] as const
/** Running: on_time / due_soon / overdue; on hold: paused; stopped: met (in time) or missed (late). */
export type SlaBadge = (typeof SLA_BADGES)[number]

/** The badge for a clock as stored (dueAt null while paused). A clock is overdue from its due moment on. */
export function slaBadge(clock: { dueAt: Date | null; pausedAt: Date | null; stoppedAt: Date | null }, now: Date): SlaBadge {
  if (clock.stoppedAt) return clock.dueAt && clock.stoppedAt.getTime() > clock.dueAt.getTime() ? 'missed' : 'met'
  if (clock.pausedAt || !clock.dueAt) return 'paused'
  const left = clock.dueAt.getTime() - now.getTime()
  if (left <= 0) return 'overdue'
  return left <= DUE_SOON_MS ? 'due_soon' : 'on_time'
}

/**
 * Who a milestone notifies, as groups the service resolves to people:
 * - case_owner: the accountable owner (the user, or the owning department's head(s));
 * - clock_department_heads: heads of the department the clock is about — the owning
 *   department for first_contact/answer, the involved department for findings;
 * - patient_service_director: head(s) of the patient-service department;
 * - leadership: every leadership user of the hospital.
 */
export const RECIPIENT_GROUPS = ['case_owner', 'clock_department_heads', 'patient_service_director', 'leadership'] as const
export type RecipientGroup = (typeof RECIPIENT_GROUPS)[number]

/** Warn the one who must act, escalate to their head at 100%, and above when a working day later. */
export const MILESTONE_RECIPIENTS: Readonly<Record<ClockKind, Readonly<Record<Milestone, readonly RecipientGroup[]>>>> = {
  first_contact: { warn: ['case_owner'], due: ['clock_department_heads'], overdue: ['patient_service_director', 'leadership'] },
  answer: { warn: ['case_owner'], due: ['clock_department_heads'], overdue: ['patient_service_director', 'leadership'] },
  // The involved department owns its findings; the case owner hears when they are late.
  findings: { warn: ['clock_department_heads'], due: ['clock_department_heads', 'case_owner'], overdue: ['patient_service_director', 'leadership'] },
}

/** How a case action moves the clocks; `findings` entries apply to the departments the action names. */
export type ClockRule =
  | { op: 'start'; kind: ClockKind }
  | { op: 'stop'; kind: ClockKind | 'all' }
  | { op: 'pause_all' }
  | { op: 'resume_all' }
  /** The answer clock is recomputed when the number of involved departments changes (5 → 10 days). */
  | { op: 'resize'; kind: ClockKind }

/**
 * Which clocks each action starts, stops, pauses or resumes. The first contact is made when
 * patient service accepts or declines the case (the patient is told either way) or when the
 * case is settled on the spot; the answer clock stops when the answer is given and starts
 * afresh when the patient reopens the case.
 */
export const CLOCK_RULES: Readonly<Record<CaseActionType, readonly ClockRule[]>> = {
  accept: [{ op: 'stop', kind: 'first_contact' }],
  decline: [{ op: 'stop', kind: 'all' }],
  startInvestigation: [],
  involveDepartments: [
    { op: 'start', kind: 'findings' },
    { op: 'resize', kind: 'answer' },
  ],
  recordFindings: [{ op: 'stop', kind: 'findings' }],
  respond: [{ op: 'stop', kind: 'answer' }],
  close: [{ op: 'stop', kind: 'all' }],
  reopen: [{ op: 'start', kind: 'answer' }],
  hold: [{ op: 'pause_all' }],
  resume: [{ op: 'resume_all' }],
  resolveOnTheSpot: [{ op: 'stop', kind: 'all' }],
  handOver: [],
  assign: [],
  // An urgent case's first contact is due within hours, not a working day.
  setUrgency: [{ op: 'resize', kind: 'first_contact' }],
}

/** A rule made concrete for one case: findings rules carry the department they are about. */
export type ClockEffect = ClockRule & { departmentId: string | null }

/** The effects of an action; `departmentIds` are the departments a findings rule applies to. */
export function clockEffectsFor(action: CaseActionType, departmentIds: readonly string[] = []): ClockEffect[] {
  return CLOCK_RULES[action].flatMap((rule): ClockEffect[] =>
    'kind' in rule && rule.kind === 'findings' ? departmentIds.map((departmentId) => ({ ...rule, departmentId })) : [{ ...rule, departmentId: null }],
  )
}
