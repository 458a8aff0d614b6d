import type { Category } from './intake.ts'
import type { SurveyAnswers } from './survey-answers.ts'
import type { SurveyContent } from './survey-template.ts'
import { DEMO_COMMENTS } from './demo-history-texts.ts'

/**
 * Pure pieces of the demo history (npm run db:seed -- --demo-months N): a seeded random source
 * and the shapes of plausible hospital figures — some departments better than others, a winter
 * dip (Spring Festival crowds, flu season), a few departments improving or declining — so every
 * board shows real shapes on first start. No I/O here.
 */

export type Random = () => number

/** mulberry32: small, fast and good enough for demo data; the same seed gives the same year. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A stable 32-bit seed from text (a hospital's slug). */
export function seedOf(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

export const between = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1))
export const chance = (random: Random, p: number) => random() < p
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}
/** Roughly normal (Irwin–Hall), mean 0, sd ≈ 1. */
export function gaussian(random: Random): number {
  return random() + random() + random() + random() + random() + random() - 3
}

/** How a department's patients feel this month, as a mean rating on the 1–5 scale. */
export interface DepartmentMood {
  /** The department's usual level, about 3.7–4.6. */
  base: number
  /** Change per month over the period: positive for a department improving. */
  trend: number
}

/**
 * A department's mood from its place in the list: a spread of levels, and a couple of
 * departments improving and a couple declining over the period.
 */
export function departmentMood(random: Random, index: number): DepartmentMood {
  const base = 3.75 + random() * 0.8
  const trend = index % 7 === 2 ? 0.035 : index % 7 === 5 ? -0.03 : 0
  return { base, trend }
}

/**
 * Mean rating for a department in a month. `monthsFromStart` counts from the first seeded
 * month; `calendarMonth` is 1–12: January and February dip (Spring Festival crowds, flu),
 * August a little (summer peak).
 */
export function monthlyMean(mood: DepartmentMood, monthsFromStart: number, calendarMonth: number): number {
  const season = calendarMonth === 1 ? -0.22 : calendarMonth === 2 ? -0.28 : calendarMonth === 8 ? -0.1 : calendarMonth === 12 ? -0.06 : 0
  return clamp(mood.base + mood.trend * monthsFromStart + season, 2.6, 4.85)
}

/** One 1–5 rating around a mean (skewed towards "satisfied", as real surveys are). */
export function ratingAround(random: Random, mean: number): number {
  return clamp(Math.round(mean + gaussian(random) * 0.75), 1, 5)
}

/** A 0–10 likelihood to recommend that follows the same mood. */
export function npsAround(random: Random, mean: number): number {
  return clamp(Math.round((mean - 1) * 2.5 + gaussian(random) * 1.6), 0, 10)
}

/** Complaints per 1,000 visits: unhappier departments draw more. */
export function complaintRatePer1000(mean: number): number {
  return clamp(0.6 + (4.6 - mean) * 2.2, 0.3, 4.5)
}

/** A count drawn around an expected value (Poisson-like spread, never negative). */
export function countAround(random: Random, expected: number): number {
  return Math.max(0, Math.round(expected + gaussian(random) * Math.sqrt(Math.max(expected, 0.5))))
}

function clamp(x: number, min: number, max: number) {
  return Math.min(max, Math.max(min, x))
}

/** First days of the `months` full local months before `currentMonth` (YYYY-MM-01), oldest first, then the current one. */
export function demoMonths(currentMonth: string, months: number): string[] {
  const [y, m] = currentMonth.split('-').map(Number) as [number, number]
  const out: string[] = []
  for (let i = months; i >= 0; i--) {
    const total = y * 12 + (m - 1) - i
    out.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`)
  }
  return out
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/** Rating offsets per question dimension: waiting and costs are where patients are least happy. */
const DIMENSION_OFFSET: Record<string, number> = {
  process_waiting: -0.4,
  costs: -0.3,
  food: -0.35,
  environment: -0.1,
  doctor_communication: 0.1,
  nurse_communication: 0.15,
  ethics: 0.25,
  privacy: 0.05,
  workload: -0.5,
  pay_benefits: -0.6,
  growth: -0.2,
}

export const CATEGORY_WEIGHTS: [Category, number][] = [
  ['service_attitude', 30],
  ['process_waiting', 22],
  ['medical_quality', 12],
  ['costs', 9],
  ['communication', 9],
  ['environment', 6],
  ['food', 3],
  ['parking', 3],
  ['privacy', 2],
  ['medical_ethics', 1],
  ['other', 3],
]

export function weighted<T>(random: Random, items: readonly [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0)
  let r = random() * total
  for (const [item, w] of items) if ((r -= w) < 0) return item
  return items[items.length - 1]![0]
}

/** Answers to every question of a template around a mean rating; a few optional ones skipped, a few comments. */
export function answersFor(random: Random, content: SurveyContent, mean: number): SurveyAnswers {
  const answers: SurveyAnswers = {}
  for (const q of content.questions) {
    if (!q.required && q.type !== 'text' && chance(random, 0.2)) continue
    switch (q.type) {
      case 'rating':
        answers[q.id] = { type: 'rating', value: ratingAround(random, mean + (DIMENSION_OFFSET[q.dimension] ?? 0)) }
        break
      case 'nps':
        answers[q.id] = { type: 'nps', value: npsAround(random, mean) }
        break
      case 'single_choice':
        answers[q.id] = { type: 'single_choice', value: pick(random, q.choices).id }
        break
      case 'multiple_choice':
        answers[q.id] = { type: 'multiple_choice', value: q.choices.filter(() => chance(random, 0.3)).map((c) => c.id) }
        break
      case 'text':
        if (chance(random, 0.12)) answers[q.id] = { type: 'text', value: pick(random, mean >= 4 ? DEMO_COMMENTS.good : DEMO_COMMENTS.poor) }
        break
    }
  }
  return answers
}

