import { MILESTONES, type ClockMilestones, type Milestone } from './sla.ts'

/**
 * Which SLA milestones of a clock are still to be notified, and when (DESIGN.md §3). A clock
 * remembers the last milestone it notified in its current round (`escalatedThrough`); the
 * milestones after it are due in order: warn (75%), due (100%), overdue (+1 working day).
 */
export interface StoredMilestones {
  warnAt: Date | null
  dueAt: Date | null
  overdueAt: Date | null
}

export function storedMilestones(m: ClockMilestones | null): StoredMilestones {
  return m ? { warnAt: m.warnAt, dueAt: m.dueAt, overdueAt: m.overdueEscalateAt } : { warnAt: null, dueAt: null, overdueAt: null }
}

const momentOf = (m: StoredMilestones, milestone: Milestone) => (milestone === 'warn' ? m.warnAt : milestone === 'due' ? m.dueAt : m.overdueAt)

/** The milestones after `escalatedThrough`, each with its moment (none while the clock is paused). */
export function pendingMilestones(m: StoredMilestones, escalatedThrough: Milestone | null): { milestone: Milestone; at: Date }[] {
  const from = escalatedThrough ? MILESTONES.indexOf(escalatedThrough) + 1 : 0
  return MILESTONES.slice(from).flatMap((milestone) => {
    const at = momentOf(m, milestone)
    return at ? [{ milestone, at }] : []
  })
}

/** The next milestone to notify, or null when there is none (paused, stopped or all notified). */
export function nextMilestone(m: StoredMilestones, escalatedThrough: Milestone | null, stopped: boolean): { milestone: Milestone; at: Date } | null {
  if (stopped) return null
  return pendingMilestones(m, escalatedThrough)[0] ?? null
}

/** The milestones that have come by `now` and are not notified yet, in order. */
export function dueMilestones(m: StoredMilestones, escalatedThrough: Milestone | null, now: Date): Milestone[] {
  return pendingMilestones(m, escalatedThrough)
    .filter((p) => p.at.getTime() <= now.getTime())
    .map((p) => p.milestone)
}
