import { compositeParts, compositeScore, onTimeRate, satisfaction, scoreOf, validComplaintRate, type RollupFigures } from './board-figures.ts'
import type { EvaluationWeights } from './board-settings.ts'

/**
 * The monthly evaluation's rules (DESIGN.md §5), pure: a month's figures from rollup sums, the
 * composite score, the ranking, the veto (一票否决) and the service stars (服务之星).
 */

/** The audiences national assessment asks for (outpatient, inpatient and staff satisfaction). */
export const EVALUATION_AUDIENCES = ['outpatient', 'inpatient', 'staff'] as const
export type EvaluationAudience = (typeof EVALUATION_AUDIENCES)[number]

/** A department's (or the hospital's) month as the evaluation shows and freezes it. */
export interface EvaluationFigures {
  responses: number
  /** 0–100, null without answered ratings. */
  satisfaction: number | null
  audiences: Record<EvaluationAudience, number | null>
  complaints: number
  validComplaints: number
  visits: number
  /** Valid complaints per 1,000 visits; null without imported visits. */
  validComplaintRatePer1000: number | null
  /** Answered on time of answered (0–1); null when nothing was answered. */
  onTimeRate: number | null
  praise: number
}

export type EvaluationPart = keyof EvaluationWeights
export const EVALUATION_PARTS: readonly EvaluationPart[] = ['satisfaction', 'complaintRate', 'onTime']

/** Two decimals: what the page shows and what ranks compare (no float noise between equal scores). */
export function round2(value: number): number {
  return Math.round(value * 100) / 100
}
const round2OrNull = (value: number | null) => (value === null ? null : round2(value))

/** The figures of summed rollup rows, with the boards' formulas (board-figures.ts). */
export function figuresOf(f: RollupFigures): EvaluationFigures {
  return {
    responses: f.responses,
    satisfaction: round2OrNull(satisfaction(f)),
    audiences: Object.fromEntries(EVALUATION_AUDIENCES.map((k) => [k, round2OrNull(scoreOf(f.audiences[k]))])) as Record<EvaluationAudience, number | null>,
    complaints: f.complaints,
    validComplaints: f.validComplaints,
    visits: f.visits,
    validComplaintRatePer1000: round2OrNull(validComplaintRate(f)),
    onTimeRate: onTimeRate(f),
    praise: f.praise,
  }
}

export interface EvaluationScore {
  /** 0–100 (two decimals), null when no part has a value anywhere in the hospital. */
  composite: number | null
  /** The part values used (two decimals), the hospital's where the department had none. */
  parts: Record<EvaluationPart, number | null>
  /** Parts the department had no figure for, filled with the hospital average. */
  fromHospitalAverage: EvaluationPart[]
}

/**
 * The composite score of board-figures.ts (weighted parts; a part the department lacks uses the
 * hospital's; a part the whole hospital lacks is left out), with what the page needs to explain it.
 */
export function evaluationScore(own: RollupFigures, hospital: RollupFigures, weights: EvaluationWeights): EvaluationScore {
  const mine = compositeParts(own)
  const average = compositeParts(hospital)
  const composite = compositeScore(mine, weights, average)
  return {
    composite: round2OrNull(composite),
    parts: Object.fromEntries(EVALUATION_PARTS.map((p) => [p, round2OrNull(mine[p] ?? average[p])])) as Record<EvaluationPart, number | null>,
    fromHospitalAverage: EVALUATION_PARTS.filter((p) => mine[p] === null && average[p] !== null),
  }
}

/**
 * Ranks by score, highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4).
 * Items without a score get no rank.
 */
export function rankByScore<T>(items: readonly T[], scoreOf: (item: T) => number | null): (number | null)[] {
  const scores = items.map(scoreOf)
  return scores.map((s) => (s === null ? null : 1 + scores.filter((o) => o !== null && o > s).length))
}

/** Valid complaints attributed in the month, per department or per person: the case numbers are the reason. */
export type VetoReasons = ReadonlyMap<string, readonly string[]>

export function vetoReasonsFrom(cases: readonly { key: string | null; number: string }[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>()
  for (const c of cases) {
    if (!c.key) continue
    const list = byKey.get(c.key) ?? []
    if (!list.includes(c.number)) list.push(c.number)
    byKey.set(c.key, list)
  }
  for (const list of byKey.values()) list.sort()
  return byKey
}

export interface PraisedPerson {
  userId: string
  name: string
  praise: number
}

export interface ServiceStar extends PraisedPerson {
  rank: number
}

export interface VetoedStar extends PraisedPerson {
  caseNumbers: string[]
}

export const SERVICE_STAR_PLACES = 3

/**
 * 服务之星: the most praised staff of the month, the top three places (ties share a place), none
 * with a valid complaint attributed to them that month. Those vetoed who would otherwise have
 * made the places are returned too, with the case numbers, so the page can say why.
 */
export function serviceStars(people: readonly PraisedPerson[], vetoes: VetoReasons): { stars: ServiceStar[]; vetoed: VetoedStar[] } {
  const praised = people.filter((p) => p.praise > 0)
  const eligible = praised.filter((p) => !vetoes.has(p.userId))
  const ranks = rankByScore(eligible, (p) => p.praise)
  const stars = eligible
    .map((p, i) => ({ ...p, rank: ranks[i]! }))
    .filter((s) => s.rank <= SERVICE_STAR_PLACES)
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'zh-CN'))
  const lowest = stars.length >= SERVICE_STAR_PLACES ? Math.min(...stars.map((s) => s.praise)) : 1
  const vetoed = praised
    .filter((p) => vetoes.has(p.userId) && p.praise >= lowest)
    .map((p) => ({ ...p, caseNumbers: [...vetoes.get(p.userId)!] }))
    .sort((a, b) => b.praise - a.praise || a.name.localeCompare(b.name, 'zh-CN'))
  return { stars, vetoed }
}

/** Field errors as translation keys. */
export type WeightErrors = Partial<Record<EvaluationPart | 'sum', string>>

/** Each weight between 0 and 1, together exactly 1 (within 0.001). */
export function validateWeights(weights: Record<EvaluationPart, number>): { ok: true; weights: EvaluationWeights } | { ok: false; errors: WeightErrors } {
  const errors: WeightErrors = {}
  for (const part of EVALUATION_PARTS) {
    const w = weights[part]
    if (!Number.isFinite(w) || w < 0 || w > 1) errors[part] = 'evaluation:errors.weightRange'
  }
  if (Object.keys(errors).length === 0) {
    const sum = EVALUATION_PARTS.reduce((s, p) => s + weights[p], 0)
    if (Math.abs(sum - 1) > 0.001) errors.sum = 'evaluation:errors.weightSum'
  }
  if (Object.keys(errors).length) return { ok: false, errors }
  return { ok: true, weights: { satisfaction: weights.satisfaction, complaintRate: weights.complaintRate, onTime: weights.onTime } }
}

// ——— Months ———

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isMonth(value: string): boolean {
  return MONTH.test(value)
}

/** YYYY-MM → the rollups' and snapshots' period start, YYYY-MM-01. */
export function monthStart(month: string): string {
  return `${month}-01`
}

export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) + delta
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** The last full month before a local date (YYYY-MM-DD). */
export function lastFullMonth(localDate: string): string {
  return shiftMonth(localDate.slice(0, 7), -1)
}

/** A month can be closed once it is over in the hospital's time zone. */
export function isPastMonth(month: string, localDate: string): boolean {
  return month < localDate.slice(0, 7)
}
