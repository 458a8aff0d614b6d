import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addWorkingTime, endOfLocalDay, isWorkingDay, localDate, startOfLocalDay, workingTimeBetween } from '#app/domain/working-calendar.ts'

const TZ = 'Asia/Shanghai'
const HOUR = 3_600_000
const at = (local: string) => new Date(`${local}+08:00`)

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

  it('answers a complaint received Friday 2025-09-26 10:00 by 2025-10-10 10:00 (National Day, make-up Sunday 09-28)', () => {
    expect(addWorkingTime(at('2025-09-26T10:00:00'), { days: 5 }, TZ)).toEqual(at('2025-10-10T10:00:00'))
  })

  it('answers a complaint received 2025-01-24 by 2025-02-07 (Spring Festival, make-up Sunday 01-26)', () => {
    expect(addWorkingTime(at('2025-01-24T10:00:00'), { days: 5 }, TZ)).toEqual(at('2025-02-07T10:00:00'))
  })

  it('starts a clock begun on a rest day at the next working day’s midnight', () => {
    expect(addWorkingTime(at('2026-11-21T09:00:00'), { days: 1 }, TZ)).toEqual(at('2026-11-24T00:00:00')) // Saturday → all of Monday
    expect(addWorkingTime(at('2026-11-21T09:00:00'), { hours: 2 }, TZ)).toEqual(at('2026-11-23T02:00:00'))
  })

  it('skips the weekend for working hours', () => {
    expect(addWorkingTime(at('2026-11-20T23:00:00'), { hours: 2 }, TZ)).toEqual(at('2026-11-23T01:00:00'))
    expect(addWorkingTime(at('2026-11-23T09:00:00'), { hours: 2 }, TZ)).toEqual(at('2026-11-23T11:00:00'))
  })

  it('follows admin overrides when adding time', () => {
    const closed = new Map([['2026-11-23', false]])
    expect(addWorkingTime(at('2026-11-20T10:00:00'), { days: 1 }, TZ, closed)).toEqual(at('2026-11-24T10:00:00'))
  })

  it('measures working time between two instants, skipping rest days', () => {
    expect(workingTimeBetween(at('2026-11-20T10:00:00'), at('2026-11-23T10:00:00'), TZ)).toBe(24 * HOUR)
    expect(workingTimeBetween(at('2026-11-23T10:00:00'), at('2026-11-20T10:00:00'), TZ)).toBe(0)
  })

  it('finds the start and end of a local day', () => {
    expect(startOfLocalDay('2026-11-23', TZ).toISOString()).toBe('2026-11-22T16:00:00.000Z')
    expect(endOfLocalDay('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-07-01T21:59:59.999Z')
    expect(endOfLocalDay('2026-01-15', 'Europe/Berlin').toISOString()).toBe('2026-01-15T22:59:59.999Z')
  })

  const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-01T00:00:00Z'), noInvalidDate: true })
  const hours = fc.integer({ min: 0, max: 15 * 24 })

  it('adds exactly the working time asked for (property)', () => {
    fc.assert(
      fc.property(instant, hours, (start, h) => {
        const due = addWorkingTime(start, { hours: h }, TZ)
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime())
        expect(workingTimeBetween(start, due, TZ)).toBe(h * HOUR)
      }),
    )
  })

  it('never ends a clock on a rest day, and more time never ends earlier (property)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 15 * 24 }), (start, h) => {
        const due = addWorkingTime(start, { hours: h }, TZ)
        // Inside a working day, or exactly at the midnight that ends one.
        const justBefore = new Date(due.getTime() - 1)
        expect(isWorkingDay(localDate(justBefore, TZ))).toBe(true)
        expect(addWorkingTime(start, { hours: h + 1 }, TZ).getTime()).toBeGreaterThan(due.getTime())
      }),
    )
  })

  it('adds in steps the same as at once (property)', () => {
    fc.assert(
      fc.property(instant, hours, hours, (start, a, b) => {
        expect(addWorkingTime(addWorkingTime(start, { hours: a }, TZ), { hours: b }, TZ)).toEqual(addWorkingTime(start, { hours: a + b }, TZ))
      }),
    )
  })
})
