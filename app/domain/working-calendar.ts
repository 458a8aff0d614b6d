import chineseDays from 'chinese-days'

/**
 * The hospital's working calendar (DESIGN.md §3): Chinese public holidays and make-up working
 * days (调休) from `chinese-days`, with the admin's per-date overrides taking precedence
 * (years the library does not know yet, local closures).
 */
export type CalendarOverrides = ReadonlyMap<string, boolean>
const NONE: CalendarOverrides = new Map()

/** Building an Intl formatter costs far more than using one: keep one per time zone. */
function cached<F>(make: (timeZone: string) => F) {
  const byZone = new Map<string, F>()
  return (timeZone: string) => {
    let f = byZone.get(timeZone)
    if (!f) byZone.set(timeZone, (f = make(timeZone)))
    return f
  }
}

const dateFormat = cached((timeZone) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }))
const wallClockFormat = cached(
  (timeZone) => new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }),
)

/** YYYY-MM-DD of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return dateFormat(timeZone).format(at)
}

export function isWorkingDay(date: string, overrides: CalendarOverrides = NONE): boolean {
  return overrides.get(date) ?? chineseDays.isWorkday(date)
}

export function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds. */
export function zoneOffset(at: Date | number, timeZone: string): number {
  const parts = Object.fromEntries(
    wallClockFormat(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  )
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return asUtc - Math.floor(Number(at) / 1000) * 1000
}

/** 00:00 of a local date in a time zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00.000Z`)
  let instant = wall - zoneOffset(new Date(wall), timeZone)
  instant = wall - zoneOffset(new Date(instant), timeZone)
  return new Date(instant)
}

/** The last millisecond of a local date in a time zone. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  return new Date(startOfLocalDay(nextDate(date), timeZone).getTime() - 1)
}

export interface WorkingDuration {
  days?: number
  hours?: number
  minutes?: number
}

const HOUR_MS = 3_600_000
/** More than ten years of days without a working one means the calendar is broken. */
const MAX_DAYS_SCANNED = 3700

export const durationMs = (d: WorkingDuration) => ((d.days ?? 0) * 24 + (d.hours ?? 0)) * HOUR_MS + (d.minutes ?? 0) * 60_000

/**
 * Adds working time to an instant (DESIGN.md §3): only time on working days counts, whole
 * days of 24 hours, so "5 working days" from Friday 10:00 ends at 10:00 on the fifth working
 * day after it. A clock started on a rest day starts at the next working day's 00:00.
 */
export function addWorkingTime(start: Date, amount: WorkingDuration, timeZone: string, overrides: CalendarOverrides = NONE): Date {
  let remaining = durationMs(amount)
  if (remaining <= 0) return new Date(start) // nothing to add, even on a rest day
  let cursor = start.getTime()
  let date = localDate(start, timeZone)
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++) {
    const dayEnd = startOfLocalDay(nextDate(date), timeZone).getTime()
    if (isWorkingDay(date, overrides)) {
      if (remaining <= dayEnd - cursor) return new Date(cursor + remaining)
      remaining -= dayEnd - cursor
    }
    cursor = dayEnd
    date = nextDate(date)
  }
  throw new Error('working calendar has no working days ahead')
}

/** Working time (ms) between two instants; 0 when `to` is not after `from`. */
export function workingTimeBetween(from: Date, to: Date, timeZone: string, overrides: CalendarOverrides = NONE): number {
  let total = 0
  let cursor = from.getTime()
  const end = to.getTime()
  let date = localDate(from, timeZone)
  for (let scanned = 0; cursor < end && scanned < MAX_DAYS_SCANNED * 2; scanned++) {
    const dayEnd = startOfLocalDay(nextDate(date), timeZone).getTime()
    if (isWorkingDay(date, overrides)) total += Math.min(dayEnd, end) - cursor
    cursor = dayEnd
    date = nextDate(date)
  }
  return total
}
