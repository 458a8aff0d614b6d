import { isLocale, type Locale } from './locales.ts'
import { normalizeE164, normalizeMainlandMobile } from './phone.ts'
import { PATIENT_EVENT_TYPES } from './survey-invitation.ts'
import { zoneOffset } from './working-calendar.ts'

/**
 * Patient events (discharges and visits) from a CSV file or the API: which column holds what,
 * and turning one row of text into an event or a list of problems. Pure: the hospital's
 * departments and touchpoints are passed in.
 */
export type PatientEventType = (typeof PATIENT_EVENT_TYPES)[number]

export const EVENT_FIELDS = ['type', 'externalId', 'patientName', 'phone', 'email', 'department', 'touchpoint', 'occurredAt', 'language'] as const
export type EventField = (typeof EVENT_FIELDS)[number]

/** Per field, the column index as a string ('' = not in the file); `fixedType` applies when no type column is chosen. */
export type ColumnMapping = Record<EventField, string> & { fixedType: PatientEventType | '' }

export const IMPORT_MAX_BYTES = 10 * 1024 * 1024
export const IMPORT_MAX_ROWS = 50_000
export const API_MAX_EVENTS = 500
export const PREVIEW_ROWS = 20
/** A time more than this far ahead of now is a mistake, not a planned discharge. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000

export type RowErrorCode =
  | 'typeRequired'
  | 'typeInvalid'
  | 'phoneInvalid'
  | 'emailInvalid'
  | 'contactRequired'
  | 'departmentUnknown'
  | 'touchpointUnknown'
  | 'timeRequired'
  | 'timeInvalid'
  | 'timeFuture'
  | 'languageInvalid'
  | 'externalIdDuplicate'
  | 'tooLong'

export interface RowError {
  /** The line in the file (the header is line 1); for the API, the item's index. */
  row: number
  field: EventField
  code: RowErrorCode
}

export interface DepartmentRef {
  id: string
  name: string
  nameEn: string | null
}
export interface TouchpointRef {
  id: string
  departmentId: string
  name: string
  nameEn: string | null
  publicCode: string
}

export interface EventLookup {
  departments: DepartmentRef[]
  touchpoints: TouchpointRef[]
  timeZone: string
  defaultLocale: Locale
  now: Date
}

/** An event ready to be stored. */
export interface PatientEventInput {
  type: PatientEventType
  externalId: string | null
  patientName: string | null
  phone: string | null
  email: string | null
  departmentId: string | null
  touchpointId: string | null
  occurredAt: Date
  locale: Locale
}

/** The text of one event, as read from a row or an API item. */
export type RawEvent = Partial<Record<EventField, string>>

const HEADER_NAMES: Record<EventField, { exact: string[]; contains: string[] }> = {
  type: { exact: ['类型', '事件类型', '就诊类型', 'type', 'eventtype'], contains: [] },
  externalId: {
    exact: ['住院号', '病案号', '门诊号', '就诊号', '流水号', '就诊流水号', '编号', 'id', 'no', 'number', 'visitid', 'visitno', 'eventid', 'externalid', 'mrn', 'admissionno'],
    contains: ['住院号', '病案号', '门诊号', '就诊号', '流水号'],
  },
  patientName: { exact: ['姓名', '患者姓名', '病人姓名', '患者', 'name', 'patientname', 'patient'], contains: ['姓名'] },
  phone: { exact: ['手机', '手机号', '手机号码', '电话', '联系电话', '联系方式', 'phone', 'mobile', 'tel', 'telephone', 'phonenumber'], contains: ['手机', '电话'] },
  email: { exact: ['邮箱', '电子邮箱', '电子邮件', 'email', 'e-mail', 'mail'], contains: ['邮箱', '邮件'] },
  department: { exact: ['科室', '出院科室', '就诊科室', '所在科室', 'department', 'dept'], contains: ['科室'] },
  touchpoint: { exact: ['病区', '病房', '服务点', '诊室', 'ward', 'touchpoint', 'unit'], contains: ['病区', '病房'] },
  occurredAt: {
    exact: ['出院时间', '就诊时间', '出院日期', '就诊日期', '时间', '日期', 'dischargetime', 'dischargedate', 'visittime', 'visitdate', 'date', 'time', 'when', 'datetime', 'occurredat'],
    contains: ['出院时间', '就诊时间', '出院日期', '就诊日期'],
  },
  language: { exact: ['语言', 'language', 'locale', 'lang'], contains: [] },
}

const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/[\s_]+/g, '')

/** A first guess of the mapping from the header row; each column is used at most once. */
export function guessMapping(headers: string[]): ColumnMapping {
  const names = headers.map(normalizeHeader)
  const used = new Set<number>()
  const mapping = { fixedType: '' } as ColumnMapping
  const pick = (field: EventField, test: (name: string) => boolean) => {
    if (mapping[field]) return
    const i = names.findIndex((n, idx) => !used.has(idx) && test(n))
    if (i >= 0) {
      used.add(i)
      mapping[field] = String(i)
    }
  }
  for (const field of EVENT_FIELDS) mapping[field] = ''
  for (const field of EVENT_FIELDS) pick(field, (n) => HEADER_NAMES[field].exact.includes(n))
  for (const field of EVENT_FIELDS) pick(field, (n) => HEADER_NAMES[field].contains.some((c) => n.includes(c)))
  if (!mapping.type) mapping.fixedType = headers.some((h) => h.includes('就诊') || /visit/i.test(h)) ? 'visit' : 'discharge'
  return mapping
}

/** The raw text of each mapped field in one row. */
export function rawEventFromRow(row: string[], mapping: ColumnMapping): RawEvent {
  const raw: RawEvent = {}
  for (const field of EVENT_FIELDS) {
    const col = mapping[field]
    if (col !== '') raw[field] = (row[Number(col)] ?? '').trim()
  }
  if (!raw.type && mapping.fixedType) raw.type = mapping.fixedType
  return raw
}

const TYPE_WORDS: Record<string, PatientEventType> = {
  discharge: 'discharge',
  出院: 'discharge',
  住院: 'discharge',
  inpatient: 'discharge',
  visit: 'visit',
  门诊: 'visit',
  就诊: 'visit',
  outpatient: 'visit',
}

const LANGUAGE_WORDS: Record<string, Locale> = { zh: 'zh-CN', 'zh-cn': 'zh-CN', 中文: 'zh-CN', chinese: 'zh-CN', en: 'en', 'en-us': 'en', 'en-gb': 'en', english: 'en', 英文: 'en', 英语: 'en' }

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i
const LOCAL_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * YYYY-MM-DD HH:mm, YYYY/MM/DD HH:mm, YYYY-MM-DD (00:00) in the hospital's time zone, or ISO
 * 8601 with an offset. Null when it is none of these or not a real date.
 */
export function parseEventTime(text: string, timeZone: string, { requireOffset = false } = {}): Date | null {
  const s = text.trim()
  if (ISO_WITH_OFFSET.test(s)) {
    const ms = Date.parse(s.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
    return Number.isNaN(ms) ? null : new Date(ms)
  }
  if (requireOffset) return null
  const m = LOCAL_TIME.exec(s)
  if (!m) return null
  const [y, mo, d, h = '0', mi = '0', sec = '0'] = m.slice(1).map((v) => v ?? undefined) as string[]
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec))
  const check = new Date(wall)
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null
  let instant = wall - zoneOffset(wall, timeZone)
  instant = wall - zoneOffset(instant, timeZone)
  return new Date(instant)
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const TEXT_MAX = 200

const fold = (s: string) => s.trim().toLowerCase()

function findDepartment(text: string, departments: DepartmentRef[]) {
  const t = fold(text)
  return departments.find((d) => d.id === text.trim() || fold(d.name) === t || (d.nameEn !== null && fold(d.nameEn) === t))
}

function findTouchpoint(text: string, touchpoints: TouchpointRef[], departmentId: string | null) {
  const t = fold(text)
  const matches = touchpoints.filter((p) => p.id === text.trim() || fold(p.publicCode) === t || fold(p.name) === t || (p.nameEn !== null && fold(p.nameEn) === t))
  // Two departments may each have a ward called the same; the row's department decides.
  return matches.find((p) => p.departmentId === departmentId) ?? matches[0]
}

/** One event's text → the event, or every problem with it (row numbers filled in by the caller). */
export function resolveEvent(raw: RawEvent, lookup: EventLookup, options: { requireOffset?: boolean } = {}): { event: PatientEventInput; errors: [] } | { event: null; errors: Omit<RowError, 'row'>[] } {
  const errors: Omit<RowError, 'row'>[] = []
  const fail = (field: EventField, code: RowErrorCode) => errors.push({ field, code })
  const text = (v: string | undefined) => (v && v.trim() ? v.trim() : null)
  for (const field of EVENT_FIELDS) if ((raw[field]?.length ?? 0) > TEXT_MAX) fail(field, 'tooLong')

  const typeText = text(raw.type)
  const type = typeText ? TYPE_WORDS[fold(typeText)] : undefined
  if (!typeText) fail('type', 'typeRequired')
  else if (!type) fail('type', 'typeInvalid')

  const phoneText = text(raw.phone)
  const phone = phoneText ? (normalizeMainlandMobile(phoneText) ?? normalizeE164(phoneText)) : null
  if (phoneText && !phone) fail('phone', 'phoneInvalid')
  const email = text(raw.email)?.toLowerCase() ?? null
  if (email && !EMAIL.test(email)) fail('email', 'emailInvalid')
  if (!phoneText && !email) fail('phone', 'contactRequired')

  const departmentText = text(raw.department)
  const department = departmentText ? findDepartment(departmentText, lookup.departments) : undefined
  if (departmentText && !department) fail('department', 'departmentUnknown')
  const touchpointText = text(raw.touchpoint)
  const touchpoint = touchpointText ? findTouchpoint(touchpointText, lookup.touchpoints, department?.id ?? null) : undefined
  if (touchpointText && !touchpoint) fail('touchpoint', 'touchpointUnknown')

  const timeText = text(raw.occurredAt)
  const occurredAt = timeText ? parseEventTime(timeText, lookup.timeZone, options) : null
  if (!timeText) fail('occurredAt', 'timeRequired')
  else if (!occurredAt) fail('occurredAt', 'timeInvalid')
  else if (occurredAt.getTime() > lookup.now.getTime() + FUTURE_TOLERANCE_MS) fail('occurredAt', 'timeFuture')

  const languageText = text(raw.language)
  const locale = languageText ? (isLocale(languageText) ? languageText : LANGUAGE_WORDS[fold(languageText)]) : lookup.defaultLocale
  if (!locale) fail('language', 'languageInvalid')

  if (errors.length || !type || !occurredAt || !locale) return { event: null, errors }
  return {
    event: {
      type,
      externalId: text(raw.externalId),
      patientName: text(raw.patientName),
      phone,
      email,
      departmentId: department?.id ?? touchpoint?.departmentId ?? null,
      touchpointId: touchpoint?.id ?? null,
      occurredAt,
      locale,
    },
    errors: [],
  }
}

export interface ParsedRows {
  /** Valid events in file order, each with its line number. */
  events: (PatientEventInput & { row: number })[]
  errors: RowError[]
}

/** Every data row of a file (header excluded) through `resolveEvent`, plus duplicate ids inside the file. */
export function parseEventRows(rows: string[][], mapping: ColumnMapping, lookup: EventLookup): ParsedRows {
  const events: ParsedRows['events'] = []
  const errors: RowError[] = []
  const seen = new Set<string>()
  rows.forEach((cells, i) => {
    const row = i + 2
    const raw = rawEventFromRow(cells, mapping)
    const result = resolveEvent(raw, lookup)
    for (const e of result.errors) errors.push({ row, ...e })
    const id = raw.externalId?.trim()
    if (id) {
      if (seen.has(id)) errors.push({ row, field: 'externalId', code: 'externalIdDuplicate' })
      seen.add(id)
    }
    if (result.event) events.push({ ...result.event, row })
  })
  return { events, errors }
}
