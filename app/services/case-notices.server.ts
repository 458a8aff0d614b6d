import type { PatientNotice, Refusal } from '#app/domain/case-workflow.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import type { CaseRow } from '#db/queries/case-workflow.ts'

/** A notice checked against the patient's contact details, ready to be written in the action's transaction. */
export interface PreparedNotice {
  /** Writes the outbox message (if any) and returns what to run once the transaction commits. */
  queue(tx: Executor): Promise<Array<() => Promise<void>>>
}

/**
 * Telling the patient the answer or why their complaint is not accepted (DESIGN.md §3): by SMS
 * or email through the outbox, or by phone / in person, which is only logged. Refused when the
 * chosen channel has no contact detail to use.
 */
export async function preparePatientNotice(
  _ctx: AppContext,
  _tx: Executor,
  _input: { organizationId: string; case: CaseRow; notice: PatientNotice },
): Promise<{ ok: true; prepared: PreparedNotice } | Refusal> {
  // Being built (issue 4): sending by SMS/email.
  return { ok: true, prepared: { queue: async () => [] } }
}
