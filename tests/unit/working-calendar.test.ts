import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addWorkingDays, endOfLocalDay, isWorkingDay, localDate } from '#app/domain/working-calendar.ts'

const TZ = 'Asia/Shanghai'

describe('working calendar', () => {
  it('knows the 2026 National Day holiday and its make-up working day (调休)', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false)
    expect(isWorkingDay('2026-10-07')).toBe(false)
    expect(isWorkingDay('2026-10-10')).toBe(true) // a Saturday worked in lieu
    expect(isWorkingDay('2026-11-21')).toBe(false) // an ordinary Saturday
  })

  it('lets the admin override a date', () => {
    expect(isWorkingDay('2026-11-23', new Map([['2026-11-23', false]]))).toBe(false)
    expect(isWorkingDay('2027-01-02', new Map([['2027-01-02', true]]))).toBe(true)
  })

  it('answers a complaint received before National Day 5 working days later, skipping the holiday', () => {
    const due = addWorkingDays(new Date('2026-09-30T10:00:00+08:00'), 5, TZ)
    // 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13
    expect(localDate(due, TZ)).toBe('2026-10-13')
    expect(due.toISOString()).toBe('2026-10-13T15:59:59.999Z')
  })

  it('does not count the day the clock starts, even when it starts on a weekend', () => {
    expect(localDate(addWorkingDays(new Date('2026-11-23T09:00:00+08:00'), 1, TZ), TZ)).toBe('2026-11-24') // Monday → Tuesday
    expect(localDate(addWorkingDays(new Date('2026-11-21T09:00:00+08:00'), 1, TZ), TZ)).toBe('2026-11-23') // Saturday → Monday
  })

  it('ends a local day at the last millisecond in that time zone', () => {
    expect(endOfLocalDay('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-07-01T21:59:59.999Z')
    expect(endOfLocalDay('2026-01-15', 'Europe/Berlin').toISOString()).toBe('2026-01-15T22:59:59.999Z')
  })

  it('always lands on a working day after the start, later for more days', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-01T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 15 }), (start, days) => {
        const due = addWorkingDays(start, days, TZ)
        expect(isWorkingDay(localDate(due, TZ))).toBe(true)
        expect(due.getTime()).toBeGreaterThan(start.getTime())
        expect(addWorkingDays(start, days + 1, TZ).getTime()).toBeGreaterThan(due.getTime())
      }),
    )
  })
})
