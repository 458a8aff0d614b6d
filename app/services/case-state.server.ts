import type { CaseState, HoldableStatus } from '#app/domain/case-workflow.ts'
import type { CaseRow } from '#db/queries/case-workflow.ts'

/** A stored case and its involved departments as the case rules (case-workflow.ts) see them. */
export function caseStateOf(row: CaseRow, involved: readonly { departmentId: string; findingsRecordedAt: Date | null }[]): CaseState {
  return {
    status: row.status,
    heldFrom: row.heldFrom as HoldableStatus | null,
    firstResponsible: { departmentId: row.firstResponsibleDepartmentId, userId: row.firstResponsibleUserId },
    owner: { departmentId: row.ownerDepartmentId, userId: row.ownerUserId },
    involvedDepartments: involved.map((d) => ({ departmentId: d.departmentId, findingsRecorded: d.findingsRecordedAt !== null })),
  }
}
