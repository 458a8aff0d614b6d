import { describe, expect, it } from 'vitest'
import { countAround, daysInMonth, demoMonths, departmentMood, monthlyMean, npsAround, ratingAround, seededRandom, seedOf } from '#app/domain/demo-history.ts'

describe('demo history shapes', () => {
  it('draws the same sequence from the same seed, and another from another', () => {
    const a = seededRandom(seedOf('demo'))
    const b = seededRandom(seedOf('demo'))
    const c = seededRandom(seedOf('other'))
    const first = Array.from({ length: 5 }, a)
    expect(Array.from({ length: 5 }, b)).toEqual(first)
    expect(Array.from({ length: 5 }, c)).not.toEqual(first)
    for (const x of first) expect(x >= 0 && x < 1).toBe(true)
  })

  it('lists the full months before this one, oldest first, then this one, across a year end', () => {
    expect(demoMonths('2026-02-01', 3)).toEqual(['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01'])
    expect(daysInMonth('2024-02-01')).toBe(29)
  })

  it('dips in winter and follows a department’s trend', () => {
    const flat = { base: 4.2, trend: 0 }
    expect(monthlyMean(flat, 0, 2)).toBeLessThan(monthlyMean(flat, 0, 5))
    const improving = { base: 4.0, trend: 0.035 }
    expect(monthlyMean(improving, 11, 5)).toBeGreaterThan(monthlyMean(improving, 0, 5))
    const random = seededRandom(1)
    const moods = Array.from({ length: 14 }, (_, i) => departmentMood(random, i))
    expect(moods.some((m) => m.trend > 0)).toBe(true)
    expect(moods.some((m) => m.trend < 0)).toBe(true)
  })

  it('keeps ratings, NPS and counts in range, centred near the mean', () => {
    const random = seededRandom(7)
    const ratings = Array.from({ length: 4000 }, () => ratingAround(random, 4.2))
    expect(Math.min(...ratings)).toBeGreaterThanOrEqual(1)
    expect(Math.max(...ratings)).toBeLessThanOrEqual(5)
    const mean = ratings.reduce((s, r) => s + r, 0) / ratings.length
    expect(mean).toBeGreaterThan(3.9)
    expect(mean).toBeLessThan(4.4)
    for (let i = 0; i < 500; i++) {
      const nps = npsAround(random, 3)
      expect(nps >= 0 && nps <= 10).toBe(true)
      expect(countAround(random, 2)).toBeGreaterThanOrEqual(0)
    }
  })
})
