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

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds. */
function zoneOffset(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    wallClockFormat(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  )
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return asUtc - Math.floor(at.getTime() / 1000) * 1000
}

/** The last millisecond of a local date in a time zone. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T23:59:59.999Z`)
  let instant = wall - zoneOffset(new Date(wall), timeZone)
  instant = wall - zoneOffset(new Date(instant), timeZone)
  return new Date(instant)
}

/**
 * A deadline of `days` working days: the end of the `days`-th working day after the day the
 * clock starts (the starting day itself is not counted, as in "answer within 5 working days").
 */
export function addWorkingDays(start: Date, days: number, timeZone: string, overrides: CalendarOverrides = NONE): Date {
  let date = localDate(start, timeZone)
  let counted = 0
  while (counted < days) {
    date = nextDate(date)
    if (isWorkingDay(date, overrides)) counted++
  }
  return endOfLocalDay(date, timeZone)
}
