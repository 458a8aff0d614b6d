import { localDate } from './working-calendar.ts'

/** Readable case numbers, per hospital and month: HY-202611-00042. */
export function formatCaseNumber(yearMonth: string, sequence: number): string {
  return `HY-${yearMonth}-${String(sequence).padStart(5, '0')}`
}

/** The YYYYMM a submission received at `at` counts under, in the hospital's time zone. */
export function caseNumberMonth(at: Date, timeZone: string): string {
  return localDate(at, timeZone).slice(0, 7).replace('-', '')
}

export const CASE_NUMBER_PATTERN = /^HY-\d{6}-\d{5,}$/
