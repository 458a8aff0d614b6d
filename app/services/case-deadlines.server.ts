import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import { listCalendarOverrides } from '#db/queries/calendar.ts'
import { updateCaseAnswerDeadlines } from '#db/queries/cases.ts'
import { listUnstoppedClocks, updateClockDueAts } from '#db/queries/case-workflow.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { clockFromRow, clockValues } from './case-clocks.server.ts'

/**
 * After a calendar edit: every clock that has not stopped is counted again in the hospital's
 * current calendar (its start, duration and time on hold are kept), and each case's answer
 * deadline follows its answer clock. Escalation jobs will be rescheduled here too once they
 * exist. Returns how many cases had a deadline move.
 */
export async function recomputeOpenCaseDeadlines(ctx: AppContext, tx: Executor, organizationId: string): Promise<number> {
  const organization = await findOrganizationById(tx, { organizationId })
  if (!organization) return 0
  const calendar = { timeZone: organization.timeZone, overrides: await listCalendarOverrides(tx, { organizationId }) }
  const moved = (await listUnstoppedClocks(tx, { organizationId }))
    .map((row) => ({ row, dueAt: clockValues(clockFromRow(row), calendar).dueAt }))
    .filter((c): c is { row: typeof c.row; dueAt: Date } => c.dueAt instanceof Date && c.dueAt.getTime() !== c.row.dueAt?.getTime())
  const now = ctx.clock.now()
  await updateClockDueAts(tx, { organizationId, now, dues: moved.map((c) => ({ id: c.row.id, dueAt: c.dueAt })) })
  const answers = moved.filter((c) => c.row.kind === 'answer').map((c) => ({ id: c.row.caseId, answerDueAt: c.dueAt }))
  await updateCaseAnswerDeadlines(tx, { organizationId, deadlines: answers, updatedAt: now })
  return new Set(moved.map((c) => c.row.caseId)).size
}
