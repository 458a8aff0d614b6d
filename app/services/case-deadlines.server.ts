import { resolveSlaSettings } from '#app/domain/sla.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import { listCalendarOverrides } from '#db/queries/calendar.ts'
import { updateCaseAnswerDeadlines } from '#db/queries/cases.ts'
import { listUnstoppedClocks, updateClockMoments, type CaseClockRow } from '#db/queries/case-workflow.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { clockFromRow, clockValues } from './case-clocks.server.ts'

const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null)

/**
 * After a calendar edit: every clock that has not stopped is counted again in the hospital's
 * current calendar (its start, duration and time on hold are kept), and each case's answer
 * deadline follows its answer clock. Returns the clocks whose moments moved (their escalation
 * jobs must be rescheduled once this commits) and how many cases had a deadline move.
 */
export async function recomputeOpenCaseDeadlines(ctx: AppContext, tx: Executor, organizationId: string): Promise<{ movedCases: number; movedClocks: CaseClockRow[] }> {
  const organization = await findOrganizationById(tx, { organizationId })
  if (!organization) return { movedCases: 0, movedClocks: [] }
  const calendar = { timeZone: organization.timeZone, overrides: await listCalendarOverrides(tx, { organizationId }) }
  const settings = resolveSlaSettings(organization.slaSettings)
  const moved = (await listUnstoppedClocks(tx, { organizationId }))
    .map((row) => ({ row, values: clockValues(clockFromRow(row), calendar, settings, row.escalatedThrough) }))
    .filter(({ row, values }) => !same(row.dueAt, values.dueAt ?? null) || !same(row.warnAt, values.warnAt ?? null) || !same(row.overdueAt, values.overdueAt ?? null))
  const now = ctx.clock.now()
  const clocks = moved.map(({ row, values }) => ({
    id: row.id,
    dueAt: values.dueAt ?? null,
    warnAt: values.warnAt ?? null,
    overdueAt: values.overdueAt ?? null,
    nextEscalationAt: values.nextEscalationAt ?? null,
  }))
  await updateClockMoments(tx, { organizationId, now, clocks })
  const answers = moved
    .filter(({ row, values }) => row.kind === 'answer' && values.dueAt && !same(row.dueAt, values.dueAt))
    .map(({ row, values }) => ({ id: row.caseId, answerDueAt: values.dueAt! }))
  await updateCaseAnswerDeadlines(tx, { organizationId, deadlines: answers, updatedAt: now })
  return {
    movedCases: new Set(moved.filter(({ row, values }) => !same(row.dueAt, values.dueAt ?? null)).map(({ row }) => row.caseId)).size,
    movedClocks: moved.map(({ row, values }) => ({ ...row, ...values, id: row.id }) as CaseClockRow),
  }
}
