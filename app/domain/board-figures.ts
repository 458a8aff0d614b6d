import type { EvaluationWeights } from './board-settings.ts'
import { localDate } from './working-calendar.ts'

/**
 * The boards' figures (DESIGN.md §5), computed from rollup rows (db/schema/boards.ts
 * board_rollups): every page, export and the evaluation use these formulas, so a figure means
 * the same thing everywhere. Rates are null when their denominator is zero (nothing to show,
 * not 0).
 */

export interface ScoreSum {
  sum: number
  count: number
}

/** The summable columns of a rollup row (a month or day of one department × touchpoint, or any sum of them). */
export interface RollupFigures {
  responses: number
  ratingSum: number
  ratingCount: number
  dimensions: Record<string, ScoreSum>
  audiences: Record<string, ScoreSum & { responses: number }>
  npsPromoters: number
  npsDetractors: number
  npsCount: number
  quickRatings: number
  quickRatingSum: number
  complaints: number
  validComplaints: number
  praise: number
  answeredOnTime: number
  answeredLate: number
  firstContactOnTime: number
  firstContactClocks: number
  casesResolved: number
  casesClosed: number
  complainantsSatisfied: number
  complainantsAnswered: number
  visits: number
}

export const COUNT_FIELDS = [
  'responses',
  'ratingSum',
  'ratingCount',
  'npsPromoters',
  'npsDetractors',
  'npsCount',
  'quickRatings',
  'quickRatingSum',
  'complaints',
  'validComplaints',
  'praise',
  'answeredOnTime',
  'answeredLate',
  'firstContactOnTime',
  'firstContactClocks',
  'casesResolved',
  'casesClosed',
  'complainantsSatisfied',
  'complainantsAnswered',
  'visits',
] as const satisfies readonly (keyof RollupFigures)[]
export type CountField = (typeof COUNT_FIELDS)[number]

export function emptyFigures(): RollupFigures {
  const counts = Object.fromEntries(COUNT_FIELDS.map((f) => [f, 0])) as Record<CountField, number>
  return { ...counts, dimensions: {}, audiences: {} }
}

/** Sums rollup rows (a department's month = its rows over touchpoints; the hospital's = every row). */
export function sumRollups(rows: readonly RollupFigures[]): RollupFigures {
  const total = emptyFigures()
  for (const row of rows) {
    for (const f of COUNT_FIELDS) total[f] += row[f]
    for (const [key, s] of Object.entries(row.dimensions ?? {})) {
      const t = (total.dimensions[key] ??= { sum: 0, count: 0 })
      t.sum += s.sum
      t.count += s.count
    }
    for (const [key, s] of Object.entries(row.audiences ?? {})) {
      const t = (total.audiences[key] ??= { sum: 0, count: 0, responses: 0 })
      t.sum += s.sum
      t.count += s.count
      t.responses += s.responses
    }
  }
  return total
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null)
const scaled = (value: number | null, by: number) => (value === null ? null : value * by)

/** A rating 1–5 scores 20–100 (非常满意 = 100 … 非常不满意 = 20). */
export const RATING_TO_SCORE = 20

/** Mean of a rating sum on the 0–100 scale; null with no answers. */
export const scoreOf = (s: ScoreSum | undefined): number | null => (s ? scaled(ratio(s.sum, s.count), RATING_TO_SCORE) : null)

/** Satisfaction 0–100: the mean of every answered rating question, scaled. */
export const satisfaction = (f: RollupFigures) => scoreOf({ sum: f.ratingSum, count: f.ratingCount })

/** Score per survey dimension (only dimensions with answers). */
export function dimensionScores(f: RollupFigures): Record<string, number> {
  return scores(f.dimensions)
}

/** Score per template key (outpatient, inpatient, staff, complaint_followup, quick_rating, custom). */
export function audienceScores(f: RollupFigures): Record<string, number> {
  return scores(f.audiences)
}

function scores(sums: Record<string, ScoreSum>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [key, s] of Object.entries(sums)) {
    const score = scoreOf(s)
    if (score !== null) out[key] = score
  }
  return out
}

/** NPS promoters answer 9–10, detractors 0–6. */
export const NPS_PROMOTER_MIN = 9
export const NPS_DETRACTOR_MAX = 6

/** Net promoter score −100…100. */
export const nps = (f: RollupFigures) => scaled(ratio(f.npsPromoters - f.npsDetractors, f.npsCount), 100)

/** Mean one-tap rating, 1–5. */
export const quickRatingAverage = (f: RollupFigures) => ratio(f.quickRatingSum, f.quickRatings)

/** Complaints per 1,000 imported visits; null without visit counts. */
export const complaintRate = (f: RollupFigures) => (f.visits > 0 ? (f.complaints / f.visits) * 1000 : null)
export const validComplaintRate = (f: RollupFigures) => (f.visits > 0 ? (f.validComplaints / f.visits) * 1000 : null)

/** SLA compliance: answers given by their deadline, of the answers given. */
export const onTimeRate = (f: RollupFigures) => ratio(f.answeredOnTime, f.answeredOnTime + f.answeredLate)
/** 响应率: first contact within its clock, of the complaints whose first-contact clock has stopped. */
export const firstContactRate = (f: RollupFigures) => ratio(f.firstContactOnTime, f.firstContactClocks)
/** 解决率: closed as resolved, of the complaints closed. */
export const resolutionRate = (f: RollupFigures) => ratio(f.casesResolved, f.casesClosed)
/** 满意率: complainants satisfied with the handling, of those who answered the follow-up survey. */
export const complainantSatisfactionRate = (f: RollupFigures) => ratio(f.complainantsSatisfied, f.complainantsAnswered)

/** The three parts of the composite score, each 0–100; null when the department has no figure for it. */
export interface CompositeParts {
  satisfaction: number | null
  complaintRate: number | null
  onTime: number | null
}

/**
 * Each part on a 0–100 scale. Complaints: 100 − min(100, valid complaints per 1,000 visits × 10),
 * or without visit counts 100 − min(100, valid complaints × 10); on time: the on-time rate × 100.
 */
export function compositeParts(f: RollupFigures): CompositeParts {
  const perThousand = validComplaintRate(f)
  const complaintPart = 100 - Math.min(100, (perThousand ?? f.validComplaints) * 10)
  return { satisfaction: satisfaction(f), complaintRate: complaintPart, onTime: scaled(onTimeRate(f), 100) }
}

/**
 * The evaluation's composite score 0–100: the weighted parts, a missing part replaced by the
 * hospital's figure for it (`hospital`: compositeParts of the hospital's summed rows). A part
 * missing for the hospital too is left out and the other weights count for it; nothing at all
 * gives null.
 */
export function compositeScore(parts: CompositeParts, weights: EvaluationWeights, hospital: CompositeParts): number | null {
  let total = 0
  let weightUsed = 0
  for (const key of ['satisfaction', 'complaintRate', 'onTime'] as const) {
    const value = parts[key] ?? hospital[key]
    if (value === null) continue
    total += weights[key] * value
    weightUsed += weights[key]
  }
  if (weightUsed === 0) return null
  const weightSum = weights.satisfaction + weights.complaintRate + weights.onTime
  return (total / weightUsed) * weightSum
}

/** The local date (YYYY-MM-DD) of an instant in the hospital's time zone. */
export const localDay = (at: Date, timeZone: string) => localDate(at, timeZone)

/** The first of the local month (YYYY-MM-01) of an instant in the hospital's time zone. */
export const localMonthStart = (at: Date, timeZone: string) => `${localDate(at, timeZone).slice(0, 7)}-01`

/** A month (YYYY-MM-01) moved by `n` months. */
export function addMonths(month: string, n: number): string {
  const d = new Date(`${month.slice(0, 7)}-01T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() + n)
  return d.toISOString().slice(0, 10)
}

/** A month's first and last local dates (YYYY-MM → YYYY-MM-01 … YYYY-MM-28..31), e.g. for case list filters. */
export function monthDateRange(month: string): { from: string; until: string } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return { from: `${month}-01`, until: `${month}-${String(last).padStart(2, '0')}` }
}
