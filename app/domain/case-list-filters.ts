import { z } from 'zod'
import { CASE_STATUSES, type CaseStatus } from './case-status.ts'
import { optionalText } from './form-fields.ts'
import { CATEGORIES, CHANNELS, TEXT_MAX, type Category, type Channel } from './intake.ts'

/**
 * The staff case list's query string (DESIGN.md §3 "Case list for staff"): filters, search,
 * sort and page, read from a plain GET form. A value that does not parse is reported and
 * ignored, so a hand-edited or stale link still shows a list.
 */
export const CASE_LIST_PAGE_SIZE = 50
/** The CSV export stops here; the page says so when the list is longer. */
export const CASE_EXPORT_MAX_ROWS = 10_000
export const SEARCH_MAX_LENGTH = 100
/** Pages beyond this are not linked (10,000 cases at 50 a page is already 200 pages). */
const MAX_PAGE = 10_000

export const CASE_LIST_SORTS = ['deadline', 'newest'] as const
export type CaseListSort = (typeof CASE_LIST_SORTS)[number]

const uuid = z.string().uuid()
const yes = z.literal('yes')
/** A local date (the hospital's time zone), e.g. from a board's month. */
const localDay = z.iso.date()

/** One schema per query-string field, so one bad value costs only itself. */
export const caseListFieldSchemas = {
  status: z.enum(CASE_STATUSES),
  department: uuid,
  /** A user id, or `me` for the signed-in user. */
  owner: z.union([z.literal('me'), uuid]),
  category: z.enum(CATEGORIES),
  channel: z.enum(CHANNELS),
  urgent: yes,
  overdue: yes,
  dueSoon: yes,
  q: z.string().max(SEARCH_MAX_LENGTH),
  /** Opened on or after / on or before this local date. */
  from: localDay,
  until: localDay,
  sort: z.enum(CASE_LIST_SORTS),
  page: z.coerce.number().int().min(1).max(MAX_PAGE),
} as const
export type CaseListField = keyof typeof caseListFieldSchemas
export const CASE_LIST_FIELDS = Object.keys(caseListFieldSchemas) as CaseListField[]

/** The whole query as one schema (every field optional, statuses repeated). */
export const caseListFiltersSchema = z.object({
  status: z.array(caseListFieldSchemas.status).default([]),
  department: caseListFieldSchemas.department.optional(),
  owner: caseListFieldSchemas.owner.optional(),
  category: caseListFieldSchemas.category.optional(),
  channel: caseListFieldSchemas.channel.optional(),
  urgent: yes.optional(),
  overdue: yes.optional(),
  dueSoon: yes.optional(),
  q: caseListFieldSchemas.q.optional(),
  from: localDay.optional(),
  until: localDay.optional(),
  sort: caseListFieldSchemas.sort.default('deadline'),
  page: caseListFieldSchemas.page.default(1),
})
export type CaseListFilters = z.output<typeof caseListFiltersSchema>

/** A value that was ignored; the page names the filter (`caseList:invalid.<field>`). */
export interface InvalidFilter {
  field: CaseListField
  value: string
}

export type QueryInput = URLSearchParams | Record<string, string | readonly string[] | undefined>

function valuesOf(input: QueryInput, field: string): string[] {
  if (input instanceof URLSearchParams) return input.getAll(field)
  const v = input[field]
  return v === undefined ? [] : typeof v === 'string' ? [v] : [...v]
}

/**
 * Reads the filters from a query string. Empty values mean "any"; text is trimmed; a status
 * may repeat; anything else that does not parse is left out and listed in `invalid`.
 */
export function parseCaseListFilters(input: QueryInput): { filters: CaseListFilters; invalid: InvalidFilter[] } {
  const invalid: InvalidFilter[] = []
  const raw: Record<string, unknown> = {}
  for (const field of CASE_LIST_FIELDS) {
    const given = valuesOf(input, field)
      .map((v) => v.trim())
      .filter((v) => v !== '')
    const ok: unknown[] = []
    for (const value of field === 'status' ? given : given.slice(0, 1)) {
      const parsed = caseListFieldSchemas[field].safeParse(value)
      if (parsed.success) ok.push(parsed.data)
      else invalid.push({ field, value: value.slice(0, SEARCH_MAX_LENGTH) })
    }
    if (field === 'status') raw.status = [...new Set(ok)]
    else if (ok.length) raw[field] = ok[0]
  }
  return { filters: caseListFiltersSchema.parse(raw), invalid }
}

/** Whether any filter or search narrows the list (sort and page do not). */
export function hasActiveFilters(f: CaseListFilters): boolean {
  return f.status.length > 0 || Boolean(f.department || f.owner || f.category || f.channel || f.urgent || f.overdue || f.dueSoon || f.q || f.from || f.until)
}

/**
 * The query string for these filters (defaults left out), with changes, e.g. another page.
 * Links and the export keep the list the user is looking at.
 */
export function caseListSearch(f: CaseListFilters, change: Partial<CaseListFilters> = {}): string {
  const v = { ...f, ...change }
  const p = new URLSearchParams()
  for (const s of v.status) p.append('status', s)
  if (v.department) p.set('department', v.department)
  if (v.owner) p.set('owner', v.owner)
  if (v.category) p.set('category', v.category)
  if (v.channel) p.set('channel', v.channel)
  if (v.urgent) p.set('urgent', 'yes')
  if (v.overdue) p.set('overdue', 'yes')
  if (v.dueSoon) p.set('dueSoon', 'yes')
  if (v.q) p.set('q', v.q)
  if (v.from) p.set('from', v.from)
  if (v.until) p.set('until', v.until)
  if (v.sort !== 'deadline') p.set('sort', v.sort)
  if (v.page > 1) p.set('page', String(v.page))
  return p.toString()
}

/** The filters as recorded in the audit log of an export (no defaults, no page). */
export function filtersForAudit(f: CaseListFilters): Record<string, unknown> {
  const { page: _page, ...rest } = f
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)))
}

/** What the search box asks for, as the query needs it. */
export interface CaseSearch {
  /** The whole query, for the case number (exact or prefix, any case). */
  numberPrefix: string
  /** Whitespace-separated words; the complaint's text must contain each of them. */
  words: string[]
  /** Exactly four digits: also the last four digits of the patient's phone. */
  phoneLast4: string | null
}

export function caseSearch(q: string | undefined): CaseSearch | null {
  const text = q?.trim()
  if (!text) return null
  return {
    numberPrefix: text,
    words: [...new Set(text.split(/\s+/u).filter(Boolean))],
    phoneLast4: /^\d{4}$/.test(text) ? text : null,
  }
}

/** A LIKE pattern that matches `text` literally (backslash is PostgreSQL's default LIKE escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** The first line of a complaint, shortened for a table cell. */
export function firstLine(text: string, max = 60): string {
  const line = text.trim().split(/\r?\n/u)[0]?.trim() ?? ''
  const chars = [...line]
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : line
}

/** Bulk assignment from the list: to a patient-service colleague, or back to the department's queue. */
export const bulkAssignSchema = z.object({
  caseIds: z.array(uuid).min(1, 'caseList:bulk.errors.noneSelected').max(CASE_LIST_PAGE_SIZE, 'caseList:bulk.errors.tooMany'),
  assignTo: z.string().refine((v) => v === 'queue' || uuid.safeParse(v).success, 'caseList:bulk.errors.assigneeRequired'),
  note: optionalText(TEXT_MAX),
})
export type BulkAssignInput = z.output<typeof bulkAssignSchema>

/** How one case of a bulk assignment went: refusals carry the key under `cases:errors.`. */
export type BulkAssignOutcome = { number: string; ok: true } | { number: string; ok: false; reason: string }

const NUMBER = /^(?:[A-Za-z0-9-]{1,40}|\?)$/
const REASON = /^[A-Za-z]{1,60}$/

/** The outcome in the query string of the redirect after the POST (`assigned=N1,N2&refused=N3:reason`). */
export function encodeBulkOutcome(outcomes: readonly BulkAssignOutcome[]): URLSearchParams {
  const p = new URLSearchParams()
  const assigned = outcomes.filter((o) => o.ok).map((o) => o.number)
  const refused = outcomes.flatMap((o) => (o.ok ? [] : [`${o.number}:${o.reason}`]))
  if (assigned.length) p.set('assigned', assigned.join(','))
  if (refused.length) p.set('refused', refused.join(','))
  return p
}

/** Reads it back; anything malformed is dropped (the query string is the user's to edit). */
export function decodeBulkOutcome(input: URLSearchParams): BulkAssignOutcome[] | null {
  const assigned = input.get('assigned')
  const refused = input.get('refused')
  if (assigned === null && refused === null) return null
  const ok = (assigned ?? '').split(',').filter((n) => NUMBER.test(n))
  const failed = (refused ?? '').split(',').flatMap((item) => {
    const [number = '', reason = ''] = item.split(':')
    return NUMBER.test(number) && REASON.test(reason) ? [{ number, ok: false as const, reason }] : []
  })
  return [...ok.map((number) => ({ number, ok: true as const })), ...failed]
}

export type { CaseStatus, Category, Channel }
