import type { Messages } from '../types.ts'
import type zh from '../zh-CN/public-board.ts'

export default {
  title: '{{hospital}} patient satisfaction',
  heading: 'Patient satisfaction by department',
  month: 'Month: {{month}}',
  intro: 'Scores run from 0 to 100: the mean of the rating questions patients answered in follow-up surveys (very satisfied = 100, very dissatisfied = 20).',
  threshold: 'A department with fewer than {{min}} survey responses in the month shows “too few responses” instead of a score.',
  privacy: 'This page shows totals only: no patient’s personal details and no written comments.',
  department: 'Department',
  score: 'Score',
  responses: 'Responses',
  tooFew: 'Too few responses',
  empty: 'There are no satisfaction figures to publish for this month yet.',
  chartTitle: 'Satisfaction score by department',
  chartHint: 'Departments with too few responses are not drawn; see the table.',
  tableSummary: 'Show as a table',
} satisfies Messages<typeof zh>
