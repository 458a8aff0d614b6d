import ExcelJS from 'exceljs'
import { can } from '#app/domain/permissions.ts'
import { CATEGORIES } from '#app/domain/intake.ts'
import type { Locale } from '#app/domain/locales.ts'
import { DIMENSIONS } from '#app/domain/survey-template.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { localMinute } from '#app/lib/format.ts'
import { translator } from '#app/lib/i18n.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { audit } from './audit.server.ts'
import { loadDepartmentBoard, loadHospitalOverview, OVERVIEW_SORTS, type BoardFigures, type BoardViewer, type DepartmentBoard, type HospitalOverview } from './boards.server.ts'
import { MUTED, openPdf, PDF_CONTENT_TYPE, PDF_HEADER_HEIGHT, PDF_ROW_HEIGHT, pdfRowsFitting, PdfWriter, XLSX_CONTENT_TYPE, type PdfColumn, type PdfLayout } from './pdf-table.server.ts'

/**
 * The hospital overview and a department board as XLSX (numbers as numbers, shares as
 * percentages) and as a printable A4 PDF, in the viewer's language. Both read the same loaders
 * as the pages, with the same viewer, so an export never shows more than the page would.
 */

export type BoardExportFormat = 'xlsx' | 'pdf'
export type BoardExportViewer = BoardViewer & { userId: string }
type T = ReturnType<typeof translator>
type Value = number | null

// ——— How a figure reads (the pages' formats: score 1 decimal, share %, per 1,000 2 decimals) ———

type Kind = 'count' | 'score' | 'share' | 'decimal' | 'change' | 'mean'
const SHARES = new Set(['onTimeRate', 'responseRate', 'resolutionRate', 'satisfiedRate'])
const DECIMALS = new Set(['complaintRate', 'validComplaintRate', 'quickRatingAverage'])
const SCORES = new Set(['satisfaction', 'nps'])
const kindOf = (key: string): Kind => (key === 'change' ? 'change' : SHARES.has(key) ? 'share' : DECIMALS.has(key) ? 'decimal' : SCORES.has(key) ? 'score' : 'count')

const NUMBER_FORMATS: Record<Kind, Intl.NumberFormatOptions> = {
  count: { maximumFractionDigits: 0 },
  score: { minimumFractionDigits: 1, maximumFractionDigits: 1 },
  share: { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 },
  decimal: { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  change: { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' },
  mean: { maximumFractionDigits: 1 },
}
const XLSX_FORMATS: Record<Kind, string> = { count: '0', score: '0.0', share: '0.0%', decimal: '0.00', change: '+0.0;-0.0;0.0', mean: '0.0' }

const NONE = '—'
const text = (value: Value, kind: Kind, locale: Locale) => (value === null ? NONE : new Intl.NumberFormat(locale, NUMBER_FORMATS[kind]).format(value))

function monthName(month: string, locale: Locale) {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)))
}
const nameOf = (d: { name: string; nameEn: string | null }, locale: Locale) => (locale === 'en' && d.nameEn ? d.nameEn : d.name)

/** A table both formats print: the header, each column's kind, the rows (first column a label). */
interface Table {
  sheet: string
  heading: string
  header: string[]
  /** Kinds of the figure columns (after the label); a row may override them (the comparison's rows). */
  kinds: Kind[]
  /** `note`: said after the hospital figure (counts are compared with the mean department). */
  rows: { label: string; values: Value[]; kinds?: Kind[]; note?: string; bold?: boolean }[]
  empty?: string
}

interface Report {
  title: string
  lines: string[]
  layout: PdfLayout
  /** Width of the label column in the PDF; the figures share the rest. */
  labelWidth: number
  tables: Table[]
}

// ——— The overview ———

const OVERVIEW_COLUMNS = OVERVIEW_SORTS.filter((s) => s !== 'department')

function overviewTable(o: HospitalOverview, t: T, locale: Locale): Table {
  const valuesOf = (figures: BoardFigures, change: Value) => OVERVIEW_COLUMNS.map((c) => (c === 'change' ? change : figures[c]))
  return {
    sheet: t('boards:export.overviewSheet'),
    heading: t('boards:overview.tableCaption', { month: monthName(o.month, locale) }),
    header: [t('boards:overview.department'), ...OVERVIEW_COLUMNS.map((c) => t(`boards:figures.${c}`))],
    kinds: OVERVIEW_COLUMNS.map(kindOf),
    rows: [
      ...o.rows.map((r) => ({ label: `${'  '.repeat(r.depth)}${nameOf(r.department, locale)}`, values: valuesOf(r.figures, r.change) })),
      { label: t('boards:overview.hospitalRow'), values: valuesOf(o.hospital, null), bold: true },
    ],
  }
}

// ——— The department board ———

const COMPARED = ['satisfaction', 'responses', 'nps', 'quickRatingAverage', 'complaints', 'validComplaints', 'complaintRate', 'validComplaintRate', 'praise', 'onTimeRate', 'responseRate', 'resolutionRate', 'satisfiedRate'] as const
/** Counts are compared with the mean department, as on the page. */
const PER_DEPARTMENT = ['responses', 'complaints', 'validComplaints', 'praise'] as const
const isPerDepartment = (k: string): k is (typeof PER_DEPARTMENT)[number] => (PER_DEPARTMENT as readonly string[]).includes(k)
const isDimension = (k: string): k is (typeof DIMENSIONS)[number] => (DIMENSIONS as readonly string[]).includes(k)
const isCategory = (c: string): c is (typeof CATEGORIES)[number] => (CATEGORIES as readonly string[]).includes(c)

function departmentTables(b: DepartmentBoard, t: T): Table[] {
  return [
    {
      sheet: t('boards:export.compareSheet'),
      heading: t('boards:compare.title'),
      header: [t('boards:compare.figure'), t('boards:compare.department'), t('boards:compare.hospital')],
      kinds: ['count', 'count'],
      rows: COMPARED.map((k) => {
        const perDepartment = isPerDepartment(k)
        return {
          label: t(`boards:figures.${k}`),
          values: [b.figures[k], perDepartment ? b.hospitalPerDepartment[k] : b.hospital[k]],
          kinds: [kindOf(k), perDepartment ? 'mean' : kindOf(k)],
          ...(perDepartment ? { note: t('boards:compare.perDepartment') } : {}),
        }
      }),
    },
    {
      sheet: t('boards:export.trendSheet'),
      heading: t('boards:trend.title'),
      header: [t('boards:trend.month'), t('boards:figures.responses'), t('boards:figures.satisfaction'), t('boards:figures.complaints'), t('boards:figures.validComplaints')],
      kinds: ['count', 'score', 'count', 'count'],
      rows: b.trend.map((p) => ({ label: p.month, values: [p.responses, p.satisfaction, p.complaints, p.validComplaints] })),
    },
    {
      sheet: t('boards:export.dimensionsSheet'),
      heading: t('boards:dimensions.title'),
      header: [t('boards:dimensions.dimension'), t('boards:dimensions.score'), t('boards:dimensions.hospital'), t('boards:dimensions.count')],
      kinds: ['score', 'score', 'count'],
      rows: b.dimensions.map((d) => ({ label: isDimension(d.key) ? t(`surveys:dimensions.${d.key}`) : d.key, values: [d.score, d.hospitalScore, d.count] })),
      empty: t('boards:dimensions.empty'),
    },
    {
      sheet: t('boards:export.categoriesSheet'),
      heading: t('boards:categories.title'),
      header: [t('boards:categories.category'), t('boards:categories.count')],
      kinds: ['count'],
      rows: b.topCategories.map((c) => ({ label: isCategory(c.category) ? t(`intake:categories.${c.category}`) : c.category || t('boards:categories.uncategorised'), values: [c.count] })),
      empty: t('boards:categories.empty'),
    },
  ]
}

// ——— XLSX ———

async function toXlsx(report: Report): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook()
  for (const table of report.tables) {
    const sheet = workbook.addWorksheet(table.sheet.slice(0, 31))
    sheet.addRow(table.header).font = { bold: true }
    for (const row of table.rows) {
      const added = sheet.addRow([row.note ? `${row.label}${row.note}` : row.label, ...row.values])
      const kinds = row.kinds ?? table.kinds
      kinds.forEach((kind, i) => (added.getCell(i + 2).numFmt = XLSX_FORMATS[kind]))
      if (row.bold) added.font = { bold: true }
    }
    sheet.getColumn(1).width = 30
    for (let i = 2; i <= table.header.length; i++) sheet.getColumn(i).width = 14
    sheet.views = [{ state: 'frozen', ySplit: 1 }]
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

// ——— PDF ———

async function toPdf(report: Report, locale: Locale, t: T, compress: boolean): Promise<Buffer> {
  const { doc, done } = await openPdf({ layout: report.layout, locale, title: report.title, compress })
  const w = new PdfWriter(doc, report.layout, (page) => `${report.title} · ${t('boards:export.page', { page })}`)
  w.newPage()
  w.line(report.title, { font: 'bold', size: 16, gap: 4 })
  report.lines.forEach((line, i) => w.line(line, { size: 9, color: MUTED, gap: i === report.lines.length - 1 ? 8 : 2 }))
  for (const table of report.tables) {
    const single = report.tables.length === 1
    if (!single) {
      // A heading never stays alone at the foot of a page.
      if (w.y + 20 + PDF_HEADER_HEIGHT + PDF_ROW_HEIGHT > w.bottom) w.newPage()
      w.line(table.heading, { font: 'bold', size: 12, gap: 4 })
    }
    if (table.rows.length === 0) {
      w.line(table.empty ?? NONE, { size: 9, color: MUTED, gap: 10 })
      continue
    }
    const figureWidth = (w.printableWidth - report.labelWidth) / (table.header.length - 1)
    const columns: PdfColumn[] = [{ width: report.labelWidth, align: 'left' }, ...table.kinds.map(() => ({ width: figureWidth }))]
    w.table(
      table.header,
      columns,
      table.rows.map((row) => [row.label, ...row.values.map((v, i) => text(v, (row.kinds ?? table.kinds)[i]!, locale) + (row.note && i === row.values.length - 1 ? row.note : ''))]),
    )
  }
  doc.end()
  return done
}

/** Overview rows (departments and the hospital) that fit on the first page and on each later one (tests check the page count with them). */
export const OVERVIEW_PDF_ROWS = { first: pdfRowsFitting('landscape', 16 * 1.5 + 4 + 9 * 1.5 + 2 + 9 * 1.5 + 8), later: pdfRowsFitting('landscape', 0) }

// ——— Exports ———

const CONTENT_TYPES: Record<BoardExportFormat, string> = { xlsx: XLSX_CONTENT_TYPE, pdf: PDF_CONTENT_TYPE }

async function hospitalOf(ctx: AppContext, organizationId: string, locale: Locale) {
  const hospital = await findOrganizationById(ctx.db, { organizationId })
  if (!hospital) throw new Error('hospital disappeared during an export')
  return { name: nameOf(hospital, locale), timeZone: hospital.timeZone }
}

/** Who took which board out, for which month (the audit log). */
function audited(ctx: AppContext, viewer: BoardExportViewer, entity: { entityType: 'organization' | 'department'; entityId: string }, after: Record<string, string>) {
  return audit(ctx.db, { organizationId: viewer.organizationId, actorUserId: viewer.userId, action: 'boards.exported', ...entity, after })
}

async function render(report: Report, format: BoardExportFormat, locale: Locale, compress: boolean) {
  return format === 'xlsx' ? await toXlsx(report) : new Uint8Array(await toPdf(report, locale, translator(locale), compress))
}

/** The hospital overview as a file (roles that see every board; null for anyone else). Audited. */
export async function exportOverview(
  ctx: AppContext,
  viewer: BoardExportViewer,
  input: { month: string | null; sort: string | null; dir: string | null; locale: Locale },
  format: BoardExportFormat,
  options: { compress?: boolean } = {},
) {
  if (!can(viewer.role, 'boards.viewAll')) return null
  const { locale } = input
  const t = translator(locale)
  const hospital = await hospitalOf(ctx, viewer.organizationId, locale)
  const overview = await loadHospitalOverview(ctx, viewer, input)
  const report: Report = {
    title: t('boards:export.overviewTitle', { month: monthName(overview.month, locale) }),
    lines: [hospital.name, t('boards:export.printed', { date: localMinute(ctx.clock.now(), hospital.timeZone) })],
    layout: 'landscape',
    labelWidth: 146,
    tables: [overviewTable(overview, t, locale)],
  }
  const body = await render(report, format, locale, options.compress ?? true)
  await audited(ctx, viewer, { entityType: 'organization', entityId: viewer.organizationId }, { board: 'overview', month: overview.month, format })
  return { filename: `board-overview-${overview.month}.${format}`, contentType: CONTENT_TYPES[format], body }
}

/** One department's board as a file; null when the viewer may not see it (the page is a 404 too). Audited. */
export async function exportDepartmentBoard(
  ctx: AppContext,
  viewer: BoardExportViewer,
  input: { departmentId: string; month: string | null; locale: Locale },
  format: BoardExportFormat,
  options: { compress?: boolean } = {},
) {
  const board = await loadDepartmentBoard(ctx, viewer, input)
  if (!board) return null
  const { locale } = input
  const t = translator(locale)
  const hospital = await hospitalOf(ctx, viewer.organizationId, locale)
  const lines = [hospital.name, t('boards:export.printed', { date: localMinute(ctx.clock.now(), hospital.timeZone) })]
  if (board.month === board.currentMonth) lines.push(t('boards:department.currentMonth'))
  if (board.figures.responses < board.minResponses) lines.push(t('boards:department.tooFew', { min: board.minResponses }))
  const report: Report = {
    title: t('boards:export.departmentTitle', { department: nameOf(board.department, locale), month: monthName(board.month, locale) }),
    lines,
    layout: 'portrait',
    labelWidth: 203,
    tables: departmentTables(board, t),
  }
  const body = await render(report, format, locale, options.compress ?? true)
  await audited(ctx, viewer, { entityType: 'department', entityId: board.department.id }, { board: 'department', month: board.month, format })
  return { filename: `board-department-${board.month}.${format}`, contentType: CONTENT_TYPES[format], body }
}

/** The file as a download response (the export routes return it as is). */
export function downloadResponse(file: { filename: string; contentType: string; body: Uint8Array<ArrayBuffer> }) {
  return new Response(file.body, {
    headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.filename}"`, 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' },
  })
}
