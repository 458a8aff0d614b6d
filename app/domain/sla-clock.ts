import {
  clockDuration,
  DEFAULT_SLA_SETTINGS,
  milestones,
  slaBadge,
  type ClockEffect,
  type ClockFacts,
  type ClockKind,
  type ClockMilestones,
  type SlaBadge,
  type SlaSettings,
  type WorkingCalendar,
} from './sla.ts'
import { workingTimeBetween } from './working-calendar.ts'

/**
 * One SLA clock of a case, shaped to be stored as a row: (case, kind, department) is its key.
 * A paused clock keeps its remaining working time; on resume the working minutes spent on
 * hold are added to `pausedMinutes`, which shifts every milestone by exactly that much.
 */
export interface SlaClock {
  kind: ClockKind
  /** The involved department, for a findings clock; null for the others. */
  departmentId: string | null
  startedAt: Date
  /** Working minutes the clock allows. */
  durationMinutes: number
  /** Working minutes spent on hold in finished pauses. */
  pausedMinutes: number
  /** Set while the case is on hold. */
  pausedAt: Date | null
  /** Set once the clock has done its job (or the case ended). */
  stoppedAt: Date | null
}

const MINUTE_MS = 60_000

export function startClock(kind: ClockKind, departmentId: string | null, at: Date, durationMinutes: number): SlaClock {
  return { kind, departmentId, startedAt: at, durationMinutes, pausedMinutes: 0, pausedAt: null, stoppedAt: null }
}

/** The clocks a new case starts with: first contact with the patient, and the answer. */
export function clocksForNewCase(at: Date, facts: ClockFacts, settings: SlaSettings = DEFAULT_SLA_SETTINGS): SlaClock[] {
  return [startClock('first_contact', null, at, clockDuration('first_contact', facts, settings)), startClock('answer', null, at, clockDuration('answer', facts, settings))]
}

export const isRunning = (clock: SlaClock) => !clock.stoppedAt && !clock.pausedAt

/** Pauses a running clock; a paused or stopped one is left as it is. */
export function pauseClock(clock: SlaClock, at: Date): SlaClock {
  return isRunning(clock) ? { ...clock, pausedAt: at } : clock
}

/** Working minutes (rounded) between the pause and `at`. */
function pausedWorkingMinutes(pausedAt: Date, at: Date, calendar: WorkingCalendar): number {
  return Math.round(workingTimeBetween(pausedAt, at, calendar.timeZone, calendar.overrides) / MINUTE_MS)
}

/** Resumes a paused clock, crediting the working time it was on hold. */
export function resumeClock(clock: SlaClock, at: Date, calendar: WorkingCalendar): SlaClock {
  if (!clock.pausedAt || clock.stoppedAt) return clock
  return { ...clock, pausedAt: null, pausedMinutes: clock.pausedMinutes + pausedWorkingMinutes(clock.pausedAt, at, calendar) }
}

/** Stops a clock (met or missed is judged against its due moment); a paused clock's hold ends first. */
export function stopClock(clock: SlaClock, at: Date, calendar: WorkingCalendar): SlaClock {
  if (clock.stoppedAt) return clock
  return { ...resumeClock(clock, at, calendar), stoppedAt: at }
}

/** Gives a clock that is still going a new length (e.g. answer: 5 → 10 days when a second department is involved). */
export function resizeClock(clock: SlaClock, durationMinutes: number): SlaClock {
  return clock.stoppedAt ? clock : { ...clock, durationMinutes }
}

/**
 * Working milliseconds left on a clock at `now` (negative once overdue). For a paused clock,
 * the time left when it was paused; for a stopped one, what was left when it stopped.
 */
export function remainingWorkingMs(clock: SlaClock, now: Date, calendar: WorkingCalendar): number {
  const until = clock.stoppedAt ?? clock.pausedAt ?? now
  const used = workingTimeBetween(clock.startedAt, until, calendar.timeZone, calendar.overrides) - clock.pausedMinutes * MINUTE_MS
  return clock.durationMinutes * MINUTE_MS - used
}

/** The milestones of a clock (null while paused), for scheduling escalations and showing deadlines. */
export const clockMilestones = (clock: SlaClock, calendar: WorkingCalendar, settings: Pick<SlaSettings, 'warnAtFraction'> = DEFAULT_SLA_SETTINGS): ClockMilestones | null =>
  milestones(clock, calendar, settings)

/** The case-list badge of a clock at `now`. */
export function clockBadge(clock: SlaClock, now: Date, calendar: WorkingCalendar): SlaBadge {
  return slaBadge({ dueAt: milestones(clock, calendar)?.dueAt ?? null, pausedAt: clock.pausedAt, stoppedAt: clock.stoppedAt }, now)
}

const sameKey = (clock: SlaClock, kind: ClockKind, departmentId: string | null) => clock.kind === kind && clock.departmentId === departmentId

export interface ClockContext {
  at: Date
  calendar: WorkingCalendar
  settings: SlaSettings
  /** The case's facts AFTER the action (e.g. the department count including newly involved ones). */
  facts: ClockFacts
}

/**
 * Applies the clock effects of a case action (from `decide`). Starting a clock that already
 * exists replaces it with a fresh round (the earlier round stays in the case's timeline).
 */
export function applyClockEffects(clocks: readonly SlaClock[], effects: readonly ClockEffect[], ctx: ClockContext): SlaClock[] {
  let out = [...clocks]
  for (const effect of effects) {
    switch (effect.op) {
      case 'start': {
        const fresh = startClock(effect.kind, effect.departmentId, ctx.at, clockDuration(effect.kind, ctx.facts, ctx.settings))
        const i = out.findIndex((c) => sameKey(c, effect.kind, effect.departmentId))
        if (i >= 0) out[i] = fresh
        else out.push(fresh)
        break
      }
      case 'stop':
        out = out.map((c) => (effect.kind === 'all' || sameKey(c, effect.kind, effect.departmentId) ? stopClock(c, ctx.at, ctx.calendar) : c))
        break
      case 'pause_all':
        out = out.map((c) => pauseClock(c, ctx.at))
        break
      case 'resume_all':
        out = out.map((c) => resumeClock(c, ctx.at, ctx.calendar))
        break
      case 'resize':
        out = out.map((c) => (sameKey(c, effect.kind, effect.departmentId) ? resizeClock(c, clockDuration(effect.kind, ctx.facts, ctx.settings)) : c))
        break
    }
  }
  return out
}
