import type { Locale } from '#app/domain/locales.ts'

/**
 * How the boards show a figure. The figures arrive from the board service (satisfaction 0–100,
 * shares 0–1, complaints per 1,000 visits); null means "no figure" and shows as a dash.
 */
export const FIGURE_KEYS = [
  'responses',
  'satisfaction',
  'nps',
  'quickRatings',
  'quickRatingAverage',
  'complaints',
  'validComplaints',
  'complaintRate',
  'validComplaintRate',
  'praise',
  'visits',
  'onTimeRate',
  'responseRate',
  'resolutionRate',
  'satisfiedRate',
] as const
export type FigureKey = (typeof FIGURE_KEYS)[number]
export type Figures = Record<FigureKey, number | null>

type Kind = 'count' | 'score' | 'share' | 'perThousand' | 'average'
const KIND: Record<FigureKey, Kind> = {
  responses: 'count',
  satisfaction: 'score',
  nps: 'score',
  quickRatings: 'count',
  quickRatingAverage: 'average',
  complaints: 'count',
  validComplaints: 'count',
  complaintRate: 'perThousand',
  validComplaintRate: 'perThousand',
  praise: 'count',
  visits: 'count',
  onTimeRate: 'share',
  responseRate: 'share',
  resolutionRate: 'share',
  satisfiedRate: 'share',
}

const OPTIONS: Record<Kind, Intl.NumberFormatOptions> = {
  count: { maximumFractionDigits: 0 },
  score: { minimumFractionDigits: 1, maximumFractionDigits: 1 },
  share: { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 },
  perThousand: { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  average: { minimumFractionDigits: 2, maximumFractionDigits: 2 },
}

export const NONE = '—'

export function formatFigure(key: FigureKey, value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined) return NONE
  return new Intl.NumberFormat(locale, OPTIONS[KIND[key]]).format(value)
}

/** A count compared with the mean department: one decimal. */
export function formatMean(value: number | null, locale: Locale): string {
  return value === null ? NONE : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)
}

/** A change in satisfaction points, with its sign. */
export function formatChange(value: number | null, locale: Locale): string {
  return value === null ? NONE : new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value)
}

/** The exact value in a data attribute (tests and scripts read it): 4 decimals, empty for none. */
export function dataValue(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(Math.round(value * 10_000) / 10_000)
}

/** "2026年10月" / "October 2026" for YYYY-MM. */
export function monthLabel(month: string, locale: Locale, style: 'long' | 'short' = 'long'): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: style, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)))
}

export function departmentLabel(d: { name: string; nameEn: string | null }, locale: Locale): string {
  return locale === 'en' && d.nameEn ? d.nameEn : d.name
}

/** YYYY-MM moved by `n` months. */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7)
}
