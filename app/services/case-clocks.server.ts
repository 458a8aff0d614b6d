import { clocksForNewCase, type SlaClock } from '#app/domain/sla-clock.ts'
import { milestones, resolveSlaSettings, type WorkingCalendar } from '#app/domain/sla.ts'
import type { Executor } from '#db/executor.ts'
import { upsertCaseClocks, type CaseClockRow, type ClockValues } from '#db/queries/case-workflow.ts'

/** A clock as stored: its due moment materialised (null while paused) for queries. */
export function clockValues(clock: SlaClock, calendar: WorkingCalendar): ClockValues {
  return { ...clock, dueAt: milestones(clock, calendar)?.dueAt ?? null }
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

/** A new complaint case's first-contact and answer clocks (DESIGN.md §3), with their due moments. */
export function newCaseClocks({ at, calendar, urgent }: { at: Date; calendar: WorkingCalendar; urgent: boolean }): ClockValues[] {
  return clocksForNewCase(at, { urgent, departmentCount: 0 }, resolveSlaSettings(null)).map((c) => clockValues(c, calendar))
}

/** Stores a new case's clocks (from newCaseClocks), in the caller's transaction. */
export async function startNewCaseClocks(tx: Executor, { organizationId, caseId, at, clocks }: { organizationId: string; caseId: string; at: Date; clocks: ClockValues[] }) {
  await upsertCaseClocks(tx, { organizationId, caseId, now: at, clocks })
}
