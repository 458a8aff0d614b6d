/** Case states (DESIGN.md §3). Issue 3 creates cases in `received`; the transitions come with the case workflow. */
export const CASE_STATUSES = ['received', 'accepted', 'not_accepted', 'investigating', 'responded', 'closed', 'reopened', 'on_hold'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]
