import chineseDays from 'chinese-days'
import { z } from 'zod'
import { optionalText } from '#app/domain/form-fields.ts'
import { localDate, type CalendarOverrides } from '#app/domain/working-calendar.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import { deleteCalendarDay, findCalendarDay, listCalendarDays, listCalendarOverrides, lockCalendar, upsertCalendarDay, type CalendarDay } from '#db/queries/calendar.ts'
import { audit } from './audit.server.ts'
import type { CaseClockRow } from '#db/queries/case-workflow.ts'
import { recomputeOpenCaseDeadlines } from './case-deadlines.server.ts'
import { rescheduleClockEscalations } from './sla-escalations.server.ts'

export const CALENDAR_MIN_YEAR = 2000
export const CALENDAR_MAX_YEAR = 2100

const inYearRange = (year: number) => Number.isInteger(year) && year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
function isRealDate(value: string) {
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

const calendarDate = z
  .string()
  .trim()
  .min(1, 'common:errors.required')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'calendar:errors.dateInvalid')
  .refine(isRealDate, 'calendar:errors.dateInvalid')
  .refine((v) => inYearRange(Number(v.slice(0, 4))), 'calendar:errors.yearRange')

export const calendarDayInputSchema = z.object({
  date: calendarDate,
  working: z.enum(['working', 'rest'], { message: 'calendar:errors.kindRequired' }).transform((v) => v === 'working'),
  note: optionalText(50),
})
export type CalendarDayInput = z.infer<typeof calendarDayInputSchema>

export const calendarResetSchema = z.object({ date: calendarDate })

/** ?year= of the calendar page; anything outside 2000–2100 is reported and the current year shown. */
export function parseCalendarYear(raw: string | null, currentYear: number): { year: number; invalid: string | null } {
  if (raw === null || raw.trim() === '') return { year: currentYear, invalid: null }
  const year = Number(raw.trim())
  return /^\d{4}$/.test(raw.trim()) && inYearRange(year) ? { year, invalid: null } : { year: currentYear, invalid: raw }
}

/** The year it is now in the hospital. */
export function currentCalendarYear(ctx: AppContext, timeZone: string) {
  return Number(localDate(ctx.clock.now(), timeZone).slice(0, 4))
}

/** The hospital's changes to the built-in calendar, for the working-calendar functions. */
export async function loadCalendarOverrides(db: Executor, organizationId: string): Promise<CalendarOverrides> {
  return listCalendarOverrides(db, { organizationId })
}

/**
 * The overrides for a deadline being set inside `tx` (a new case): holds the calendar so an
 * edit committing meanwhile waits and then recomputes this case too.
 */
export async function calendarOverridesForNewDeadline(tx: Executor, organizationId: string): Promise<CalendarOverrides> {
  await lockCalendar(tx, { organizationId, mode: 'shared' })
  return listCalendarOverrides(tx, { organizationId })
}

export interface HolidayName {
  zh: string
  en: string
}

export interface CalendarYearDay {
  date: string
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
  /** Whether it is a working day for this hospital. */
  working: boolean
  /** `hospital` when the hospital changed the day (it may be restored to the official calendar). */
  source: 'package' | 'hospital'
  /** What the built-in calendar says: a working day or not, and the holiday it belongs to. */
  official: { working: boolean; holiday: HolidayName | null }
  note: string | null
}

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay()
const isWeekend = (date: string) => weekdayOf(date) === 0 || weekdayOf(date) === 6

/** chinese-days names holidays and their make-up days "National Day,国庆节,3"; other days by weekday. */
function officialDay(date: string): CalendarYearDay['official'] {
  const detail = chineseDays.getDayDetail(date)
  const [en, zh] = detail.name.split(',')
  return { working: detail.work, holiday: zh && en ? { zh, en } : null }
}

/** The built-in calendar's holidays and make-up working days (调休) of a year, by date. */
function officialSpecialDays(year: number) {
  const start = `${year}-01-01`
  const end = `${year}-12-31`
  const holidays = chineseDays.getHolidaysInRange(start, end, false)
  const makeUpDays = chineseDays.getWorkdaysInRange(start, end, true).filter(isWeekend)
  return [...holidays, ...makeUpDays]
}

/** Whether the built-in calendar has the State Council notice for a year (every year has holidays). */
export function builtInCalendarCovers(year: number) {
  return chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0
}

/**
 * A year of the hospital's calendar for the admin page: every day that is not an ordinary
 * weekday or weekend — the official holidays and make-up working days, and the hospital's own
 * changes on top — each with where it comes from.
 */
export async function calendarYear(ctx: AppContext, organizationId: string, year: number) {
  const changes = await listCalendarDays(ctx.db, { organizationId, year })
  const byDate = new Map<string, CalendarYearDay>()
  for (const date of officialSpecialDays(year)) {
    const official = officialDay(date)
    byDate.set(date, { date, weekday: weekdayOf(date), working: official.working, source: 'package', official, note: null })
  }
  for (const change of changes) {
    byDate.set(change.date, { date: change.date, weekday: weekdayOf(change.date), working: change.working, source: 'hospital', official: officialDay(change.date), note: change.note })
  }
  return {
    year,
    coveredByBuiltInCalendar: builtInCalendarCovers(year),
    days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)),
  }
}

type Actor = { organizationId: string; actorUserId: string }

/** Runs a calendar edit; once it commits, the escalation jobs of the clocks it moved are rescheduled. */
async function withRescheduling(ctx: AppContext, edit: (tx: Executor, moved: CaseClockRow[]) => Promise<CalendarEditResult>): Promise<CalendarEditResult> {
  const moved: CaseClockRow[] = []
  const result = await ctx.db.transaction((tx) => edit(tx, moved))
  if (moved.length) await rescheduleClockEscalations(ctx, moved).catch((error) => ctx.logger.error('rescheduling escalations after a calendar edit', { error }))
  return result
}
const snapshot = (d: CalendarDay) => ({ date: d.date, working: d.working, note: d.note })

export type CalendarEditResult = { ok: true; changed: boolean; movedDeadlines: number } | { ok: false; error: 'notFound' }

/**
 * Makes a date a working day or a rest day for the hospital, audited, and moves the open
 * cases' deadlines in the same transaction.
 */
export async function setCalendarDay(ctx: AppContext, actor: Actor, input: CalendarDayInput): Promise<CalendarEditResult> {
  const { organizationId } = actor
  return withRescheduling(ctx, async (tx, moved) => {
    await lockCalendar(tx, { organizationId, mode: 'exclusive' })
    const before = await findCalendarDay(tx, { organizationId, date: input.date })
    const note = input.note ?? null
    if (before && before.working === input.working && before.note === note) return { ok: true as const, changed: false, movedDeadlines: 0 }
    const row = await upsertCalendarDay(tx, { organizationId, date: input.date, working: input.working, note, updatedByUserId: actor.actorUserId, updatedAt: ctx.clock.now() })
    await audit(tx, {
      organizationId,
      actorUserId: actor.actorUserId,
      action: 'calendar.day_set',
      entityType: 'calendar_day',
      entityId: input.date,
      before: before ? snapshot(before) : null,
      after: snapshot(row),
    })
    const recomputed = await recomputeOpenCaseDeadlines(ctx, tx, organizationId)
    moved.push(...recomputed.movedClocks)
    return { ok: true as const, changed: true, movedDeadlines: recomputed.movedCases }
  })
}

/** Removes the hospital's change to a date, so the official calendar applies again. */
export async function resetCalendarDay(ctx: AppContext, actor: Actor, date: string): Promise<CalendarEditResult> {
  const { organizationId } = actor
  return withRescheduling(ctx, async (tx, moved) => {
    await lockCalendar(tx, { organizationId, mode: 'exclusive' })
    const removed = await deleteCalendarDay(tx, { organizationId, date })
    if (!removed) return { ok: false as const, error: 'notFound' as const }
    await audit(tx, { organizationId, actorUserId: actor.actorUserId, action: 'calendar.day_reset', entityType: 'calendar_day', entityId: date, before: snapshot(removed), after: null })
    const recomputed = await recomputeOpenCaseDeadlines(ctx, tx, organizationId)
    moved.push(...recomputed.movedClocks)
    return { ok: true as const, changed: true, movedDeadlines: recomputed.movedCases }
  })
}
