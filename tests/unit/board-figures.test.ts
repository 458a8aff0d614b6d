import { describe, expect, it } from 'vitest'
import {
  addMonths,
  audienceScores,
  complainantSatisfactionRate,
  complaintRate,
  compositeParts,
  compositeScore,
  dimensionScores,
  emptyFigures,
  firstContactRate,
  localDay,
  localMonthStart,
  nps,
  onTimeRate,
  quickRatingAverage,
  resolutionRate,
  satisfaction,
  sumRollups,
  validComplaintRate,
  type RollupFigures,
} from '#app/domain/board-figures.ts'
import { DEFAULT_BOARD_SETTINGS } from '#app/domain/board-settings.ts'

const figures = (over: Partial<RollupFigures>): RollupFigures => ({ ...emptyFigures(), ...over })
const weights = DEFAULT_BOARD_SETTINGS.weights

describe('board figures', () => {
  it('scores a mean rating of 4.5 as 90 and shows no score without ratings', () => {
    expect(satisfaction(figures({ ratingSum: 9, ratingCount: 2 }))).toBe(90)
    expect(satisfaction(figures({ ratingSum: 5, ratingCount: 5 }))).toBe(20)
    expect(satisfaction(figures({}))).toBeNull()
  })

  it('scores each dimension and each survey audience on the same 0–100 scale', () => {
    const f = figures({ dimensions: { overall: { sum: 8, count: 2 }, food: { sum: 0, count: 0 } }, audiences: { outpatient: { sum: 15, count: 3, responses: 2 } } })
    expect(dimensionScores(f)).toEqual({ overall: 80 })
    expect(audienceScores(f)).toEqual({ outpatient: 100 })
  })

  it('computes NPS as promoters minus detractors per hundred answers', () => {
    expect(nps(figures({ npsPromoters: 5, npsDetractors: 2, npsCount: 10 }))).toBe(30)
    expect(nps(figures({}))).toBeNull()
  })

  it('gives the rates their own denominators, and none when there is nothing to divide by', () => {
    const f = figures({
      quickRatings: 4,
      quickRatingSum: 14,
      complaints: 3,
      validComplaints: 1,
      visits: 2000,
      answeredOnTime: 3,
      answeredLate: 1,
      firstContactOnTime: 1,
      firstContactClocks: 2,
      casesResolved: 2,
      casesClosed: 2,
      complainantsSatisfied: 1,
      complainantsAnswered: 4,
    })
    expect(quickRatingAverage(f)).toBe(3.5)
    expect(complaintRate(f)).toBe(1.5)
    expect(validComplaintRate(f)).toBe(0.5)
    expect(onTimeRate(f)).toBe(0.75)
    expect(firstContactRate(f)).toBe(0.5)
    expect(resolutionRate(f)).toBe(1)
    expect(complainantSatisfactionRate(f)).toBe(0.25)
    const none = figures({ complaints: 2 })
    expect([complaintRate(none), onTimeRate(none), firstContactRate(none), resolutionRate(none), complainantSatisfactionRate(none), quickRatingAverage(none)]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ])
  })

  it('sums rollup rows field by field, merging dimension and audience sums', () => {
    const a = figures({ responses: 2, ratingSum: 8, ratingCount: 2, dimensions: { overall: { sum: 8, count: 2 } }, audiences: { staff: { sum: 8, count: 2, responses: 2 } } })
    const b = figures({ responses: 1, visits: 7, dimensions: { overall: { sum: 3, count: 1 }, food: { sum: 5, count: 1 } }, audiences: { staff: { sum: 0, count: 0, responses: 1 } } })
    expect(sumRollups([a, b])).toEqual(
      figures({
        responses: 3,
        ratingSum: 8,
        ratingCount: 2,
        visits: 7,
        dimensions: { overall: { sum: 11, count: 3 }, food: { sum: 5, count: 1 } },
        audiences: { staff: { sum: 8, count: 2, responses: 3 } },
      }),
    )
    expect(sumRollups([])).toEqual(emptyFigures())
  })

  it('weights satisfaction, complaints per 1,000 visits and on-time answers into the composite score', () => {
    // satisfaction 90, 2 valid per 1,000 visits → 80, on time 50%.
    const parts = compositeParts(figures({ ratingSum: 9, ratingCount: 2, validComplaints: 2, visits: 1000, answeredOnTime: 1, answeredLate: 1 }))
    expect(parts).toEqual({ satisfaction: 90, complaintRate: 80, onTime: 50 })
    expect(compositeScore(parts, weights, parts)).toBeCloseTo(0.6 * 90 + 0.2 * 80 + 0.2 * 50)
  })

  it('counts valid complaints directly when no visits are imported, and floors the complaint part at 0', () => {
    expect(compositeParts(figures({ validComplaints: 3 })).complaintRate).toBe(70)
    expect(compositeParts(figures({ validComplaints: 30 })).complaintRate).toBe(0)
  })

  it('uses the hospital figure for a part the department lacks, and leaves out a part nobody has', () => {
    const department = compositeParts(figures({ validComplaints: 0 }))
    const hospital = { satisfaction: 80, complaintRate: 90, onTime: null }
    // satisfaction from the hospital (80), complaints 100; on time missing everywhere: 0.6/0.8 and 0.2/0.8.
    expect(compositeScore(department, weights, hospital)).toBeCloseTo((0.6 * 80 + 0.2 * 100) / 0.8)
    expect(compositeScore({ satisfaction: null, complaintRate: null, onTime: null }, weights, { satisfaction: null, complaintRate: null, onTime: null })).toBeNull()
  })

  it('places an instant in the hospital’s local day and month, across midnight and month ends', () => {
    const lateOnJan31InShanghai = new Date('2026-01-31T16:30:00Z') // 00:30 on 1 February in Shanghai
    expect(localDay(lateOnJan31InShanghai, 'Asia/Shanghai')).toBe('2026-02-01')
    expect(localMonthStart(lateOnJan31InShanghai, 'Asia/Shanghai')).toBe('2026-02-01')
    expect(localMonthStart(lateOnJan31InShanghai, 'America/New_York')).toBe('2026-01-01')
    expect(addMonths('2026-11-01', 3)).toBe('2027-02-01')
    expect(addMonths('2026-01-01', -1)).toBe('2025-12-01')
  })
})
