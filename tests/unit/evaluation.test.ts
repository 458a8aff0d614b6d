import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_BOARD_SETTINGS } from '#app/domain/board-settings.ts'
import { emptyFigures, sumRollups, type RollupFigures } from '#app/domain/board-figures.ts'
import { evaluationScore, figuresOf, isMonth, isPastMonth, lastFullMonth, rankByScore, serviceStars, shiftMonth, validateWeights, vetoReasonsFrom } from '#app/domain/evaluation.ts'

const W = DEFAULT_BOARD_SETTINGS.weights
const sums = (s: Partial<RollupFigures>): RollupFigures => ({ ...emptyFigures(), ...s })

describe('figures for the evaluation', () => {
  it('scores a rating of 1–5 as 20–100 and sums departments’ touchpoints together', () => {
    const total = sumRollups([
      sums({ ratingSum: 9, ratingCount: 2, audiences: { outpatient: { sum: 9, count: 2, responses: 1 } }, answeredOnTime: 3, answeredLate: 1 }),
      sums({ ratingSum: 1, ratingCount: 1, audiences: { outpatient: { sum: 1, count: 1, responses: 1 } }, visits: 2000, validComplaints: 3 }),
    ])
    const f = figuresOf(total)
    expect(f.satisfaction).toBeCloseTo((10 / 3) * 20, 2)
    expect(f.audiences.outpatient).toBeCloseTo((10 / 3) * 20, 2)
    expect(f.audiences.inpatient).toBeNull()
    expect(f.onTimeRate).toBe(0.75)
    expect(f.validComplaintRatePer1000).toBe(1.5)
  })

  it('has no satisfaction, rate or on-time share when nothing was rated, visited or answered', () => {
    const f = figuresOf(emptyFigures())
    expect(f.satisfaction).toBeNull()
    expect(f.validComplaintRatePer1000).toBeNull()
    expect(f.onTimeRate).toBeNull()
  })
})

describe('composite score', () => {
  it('weighs satisfaction, the valid-complaint part and on-time answers with the hospital’s weights', () => {
    // satisfaction 80, 2 valid complaints per 1,000 visits → 80, on time 50 %.
    const f = sums({ ratingSum: 4, ratingCount: 1, visits: 1000, validComplaints: 2, answeredOnTime: 1, answeredLate: 1 })
    const score = evaluationScore(f, f, W)
    expect(score.parts).toEqual({ satisfaction: 80, complaintRate: 80, onTime: 50 })
    expect(score.composite).toBe(0.6 * 80 + 0.2 * 80 + 0.2 * 50)
    expect(score.fromHospitalAverage).toEqual([])
  })

  it('counts valid complaints × 10 against 100 when no visits are imported', () => {
    const f = sums({ ratingSum: 5, ratingCount: 1, validComplaints: 3, answeredOnTime: 1 })
    expect(evaluationScore(f, f, W).parts.complaintRate).toBe(70)
    expect(evaluationScore(sums({ validComplaints: 12 }), f, W).parts.complaintRate).toBe(0)
  })

  it('fills a part the department lacks with the hospital average', () => {
    const hospital = sums({ ratingSum: 4, ratingCount: 1, answeredOnTime: 3, answeredLate: 1 })
    const own = sums({ ratingSum: 5, ratingCount: 1 })
    const score = evaluationScore(own, hospital, W)
    expect(score.fromHospitalAverage).toEqual(['onTime'])
    expect(score.parts.onTime).toBe(75)
    expect(score.composite).toBe(0.6 * 100 + 0.2 * 100 + 0.2 * 75)
  })

  it('leaves out a part nobody in the hospital has, scaling the other weights, and scores nothing without any part', () => {
    const f = sums({ ratingSum: 4, ratingCount: 1 })
    const score = evaluationScore(f, f, W)
    expect(score.parts.onTime).toBeNull()
    expect(score.composite).toBe((0.6 * 80 + 0.2 * 100) / 0.8)
    expect(evaluationScore(f, f, { satisfaction: 0, complaintRate: 0, onTime: 1 }).composite).toBeNull()
  })

  it('stays between 0 and 100 for any figures and valid weights', () => {
    const counts = fc.nat({ max: 500 })
    fc.assert(
      fc.property(counts, counts, counts, counts, counts, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (n, rated, valid, onTime, late, a, b) => {
        const [x, y] = [Math.min(a, b), Math.max(a, b)]
        const weights = { satisfaction: x / 100, complaintRate: (y - x) / 100, onTime: (100 - y) / 100 }
        const f = sums({ ratingSum: rated * 3, ratingCount: rated, validComplaints: valid, answeredOnTime: onTime, answeredLate: late, visits: n })
        const c = evaluationScore(f, f, weights).composite
        return c === null || (c >= 0 && c <= 100)
      }),
    )
  })
})

describe('ranking', () => {
  it('ranks the highest score first and lets equal scores share a rank (1, 2, 2, 4)', () => {
    expect(rankByScore([90, 80, 95, 80, 70], (s) => s)).toEqual([2, 3, 1, 3, 5])
  })

  it('leaves departments without a score unranked', () => {
    expect(rankByScore([null, 50], (s) => s)).toEqual([null, 1])
  })

  it('changes the order when the weights change', () => {
    const satisfied = sums({ ratingSum: 5, ratingCount: 1, answeredLate: 1 })
    const punctual = sums({ ratingSum: 3, ratingCount: 1, answeredOnTime: 1 })
    const hospital = sumRollups([satisfied, punctual])
    const rank = (weights: typeof W) => rankByScore([satisfied, punctual], (f) => evaluationScore(f, hospital, weights).composite)
    expect(rank(W)).toEqual([1, 2])
    expect(rank({ satisfaction: 0.2, complaintRate: 0.2, onTime: 0.6 })).toEqual([2, 1])
  })
})

describe('veto and service stars', () => {
  it('gives each department or person the numbers of its valid complaints, once each and in order', () => {
    const reasons = vetoReasonsFrom([
      { key: 'd1', number: 'HY-202603-00002' },
      { key: null, number: 'HY-202603-00003' },
      { key: 'd1', number: 'HY-202603-00001' },
      { key: 'd1', number: 'HY-202603-00001' },
    ])
    expect([...reasons]).toEqual([['d1', ['HY-202603-00001', 'HY-202603-00002']]])
  })

  it('makes the three most praised staff stars, ties sharing a place', () => {
    const people = [
      { userId: 'a', name: 'A', praise: 5 },
      { userId: 'b', name: 'B', praise: 4 },
      { userId: 'c', name: 'C', praise: 4 },
      { userId: 'd', name: 'D', praise: 3 },
      { userId: 'e', name: 'E', praise: 0 },
    ]
    const { stars } = serviceStars(people, new Map())
    expect(stars.map((s) => [s.userId, s.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
    ])
    const tied = serviceStars([...people, { userId: 'f', name: 'F', praise: 4 }], new Map()).stars
    expect(tied.map((s) => s.userId)).toEqual(['a', 'b', 'c', 'f'])
  })

  it('takes a person with a valid complaint out of the stars and says why; the next one moves up', () => {
    const people = [
      { userId: 'a', name: 'A', praise: 9 },
      { userId: 'b', name: 'B', praise: 4 },
      { userId: 'c', name: 'C', praise: 3 },
      { userId: 'd', name: 'D', praise: 2 },
    ]
    const { stars, vetoed } = serviceStars(people, new Map([['a', ['HY-202603-00007']]]))
    expect(stars.map((s) => s.userId)).toEqual(['b', 'c', 'd'])
    expect(vetoed).toEqual([{ userId: 'a', name: 'A', praise: 9, caseNumbers: ['HY-202603-00007'] }])
  })
})

describe('weights', () => {
  it('accepts weights between 0 and 1 that add up to 1 (within 0.001)', () => {
    expect(validateWeights({ satisfaction: 0.6, complaintRate: 0.2, onTime: 0.2 }).ok).toBe(true)
    expect(validateWeights({ satisfaction: 0.3334, complaintRate: 0.3333, onTime: 0.3333 }).ok).toBe(true)
    expect(validateWeights({ satisfaction: 1, complaintRate: 0, onTime: 0 }).ok).toBe(true)
  })

  it('refuses a weight outside 0–1 and weights that do not add up to 1, with translation keys', () => {
    expect(validateWeights({ satisfaction: 1.2, complaintRate: -0.2, onTime: 0 })).toEqual({
      ok: false,
      errors: { satisfaction: 'evaluation:errors.weightRange', complaintRate: 'evaluation:errors.weightRange' },
    })
    expect(validateWeights({ satisfaction: 0.5, complaintRate: 0.2, onTime: 0.2 })).toEqual({ ok: false, errors: { sum: 'evaluation:errors.weightSum' } })
    expect(validateWeights({ satisfaction: Number.NaN, complaintRate: 0.5, onTime: 0.5 }).ok).toBe(false)
  })
})

describe('months', () => {
  it('knows a month, the month before and after, and the last full month of a local date', () => {
    expect(isMonth('2026-03')).toBe(true)
    expect(isMonth('2026-13')).toBe(false)
    expect(isMonth('2026-3')).toBe(false)
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2025-12', 1)).toBe('2026-01')
    expect(lastFullMonth('2026-03-01')).toBe('2026-02')
    expect(isPastMonth('2026-02', '2026-03-01')).toBe(true)
    expect(isPastMonth('2026-03', '2026-03-31')).toBe(false)
  })
})
