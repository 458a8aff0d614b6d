import type { CaseStatus } from '#app/domain/case-status.ts'
import { DEFAULT_ANSWER_WORKING_DAYS } from '#app/domain/intake.ts'
import { addWorkingTime } from '#app/domain/working-calendar.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import { listCalendarOverrides } from '#db/queries/calendar.ts'
import { listCaseAnswerDeadlines, updateCaseAnswerDeadlines } from '#db/queries/cases.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'

/** Cases whose answer clock no longer runs. */
const FINISHED: readonly CaseStatus[] = ['closed', 'not_accepted']

/**
 * After a calendar edit: every unfinished case's answer deadline counted again from when it was
 * opened, in the hospital's current calendar. Stand-in until the SLA clocks (issue 4 item 5)
 * recompute every clock and reschedule their jobs. Returns how many deadlines moved.
 */
export async function recomputeOpenCaseDeadlines(ctx: AppContext, tx: Executor, organizationId: string): Promise<number> {
  const organization = await findOrganizationById(tx, { organizationId })
  if (!organization) return 0
  const overrides = await listCalendarOverrides(tx, { organizationId })
  const open = await listCaseAnswerDeadlines(tx, { organizationId, exceptStatuses: FINISHED })
  const moved = open
    .map((c) => ({ id: c.id, before: c.answerDueAt, answerDueAt: addWorkingTime(c.openedAt, { days: DEFAULT_ANSWER_WORKING_DAYS }, organization.timeZone, overrides) }))
    .filter((c) => c.answerDueAt.getTime() !== c.before.getTime())
  await updateCaseAnswerDeadlines(tx, { organizationId, deadlines: moved, updatedAt: ctx.clock.now() })
  return moved.length
}
