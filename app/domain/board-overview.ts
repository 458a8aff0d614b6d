/** The hospital overview's figure columns, in order; each is also a sort (with `department`). */
export const OVERVIEW_COLUMNS = [
  'responses',
  'satisfaction',
  'change',
  'nps',
  'complaints',
  'validComplaints',
  'complaintRate',
  'praise',
  'onTimeRate',
  'responseRate',
  'resolutionRate',
  'satisfiedRate',
] as const
export type OverviewColumn = (typeof OVERVIEW_COLUMNS)[number]

export const OVERVIEW_SORTS = ['department', ...OVERVIEW_COLUMNS] as const
export type OverviewSort = (typeof OVERVIEW_SORTS)[number]
