import { clocksForNewCase, type SlaClock } from '#app/domain/sla-clock.ts'
import { nextMilestone, storedMilestones } from '#app/domain/sla-escalation.ts'
import { milestones, resolveSlaSettings, type Milestone, type SlaSettings, type SlaSettingsOverrides, type WorkingCalendar } from '#app/domain/sla.ts'
import type { Executor } from '#db/executor.ts'
import { upsertCaseClocks, type CaseClockRow, type ClockValues } from '#db/queries/case-workflow.ts'

/**
 * A clock as stored: its milestones materialised (null while paused) for queries, the sweep
 * and the case list, and the next milestone still to notify. `escalatedThrough` is what the
 * current round has notified already (null for a clock that starts afresh).
 */
export function clockValues(clock: SlaClock, calendar: WorkingCalendar, settings: SlaSettings, escalatedThrough: Milestone | null = null): ClockValues {
  const moments = storedMilestones(milestones(clock, calendar, settings))
  const next = nextMilestone(moments, escalatedThrough, clock.stoppedAt !== null)
  return { ...clock, ...moments, escalatedThrough, nextEscalationAt: next?.at ?? null }
}

export function clockFromRow(row: CaseClockRow): SlaClock {
  return {
    kind: row.kind,
    departmentId: row.departmentId,
    startedAt: row.startedAt,
    durationMinutes: row.durationMinutes,
    pausedMinutes: row.pausedMinutes,
    pausedAt: row.pausedAt,
    stoppedAt: row.stoppedAt,
  }
}

/**
 * What a stored clock has notified, carried over to its new values: kept while it is the same
 * round (same start), forgotten when the action started it afresh.
 */
export function carriedEscalation(before: readonly CaseClockRow[], clock: SlaClock): Milestone | null {
  const row = before.find((r) => r.kind === clock.kind && r.departmentId === clock.departmentId)
  return row && row.startedAt.getTime() === clock.startedAt.getTime() ? row.escalatedThrough : null
}

/** A new complaint case's first-contact and answer clocks (DESIGN.md §3), with their milestones. */
export function newCaseClocks({ at, calendar, urgent, settings }: { at: Date; calendar: WorkingCalendar; urgent: boolean; settings: SlaSettingsOverrides }): ClockValues[] {
  const resolved = resolveSlaSettings(settings)
  return clocksForNewCase(at, { urgent, departmentCount: 0 }, resolved).map((c) => clockValues(c, calendar, resolved))
}

/** Stores a new case's clocks (from newCaseClocks), in the caller's transaction; returns them with their ids. */
export async function startNewCaseClocks(tx: Executor, { organizationId, caseId, at, clocks }: { organizationId: string; caseId: string; at: Date; clocks: ClockValues[] }) {
  return upsertCaseClocks(tx, { organizationId, caseId, now: at, clocks })
}
