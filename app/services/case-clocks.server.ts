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

/** Starts a new complaint case's first-contact and answer clocks (DESIGN.md §3), in the caller's transaction. */
export async function startNewCaseClocks(
  tx: Executor,
  { organizationId, caseId, at, calendar, urgent }: { organizationId: string; caseId: string; at: Date; calendar: WorkingCalendar; urgent: boolean },
) {
  const clocks = clocksForNewCase(at, { urgent, departmentCount: 0 }, resolveSlaSettings(null))
  await upsertCaseClocks(tx, { organizationId, caseId, now: at, clocks: clocks.map((c) => clockValues(c, calendar)) })
}
