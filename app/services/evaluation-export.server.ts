import ExcelJS from 'exceljs'
import { EVALUATION_PARTS } from '#app/domain/evaluation.ts'
import type { Locale } from '#app/domain/locales.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { localMinute } from '#app/lib/format.ts'
import { translator } from '#app/lib/i18n.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { audit } from './audit.server.ts'
import { evaluationPage, type EvaluationPageView } from './evaluation.server.ts'
import { MUTED, openPdf, PDF_CONTENT_TYPE, pdfRowsFitting, PdfWriter, XLSX_CONTENT_TYPE, type PdfColumn } from './pdf-table.server.ts'

/**
 * The monthly evaluation as XLSX (numbers as numbers) and as a printable A4 PDF (Noto Sans SC,
 * the ranking across pages with its header repeated), in the viewer's language. Both read the
 * same page the screen shows: the frozen snapshot when the month is closed.
 */

export type EvaluationExportFormat = 'xlsx' | 'pdf'
type T = ReturnType<typeof translator>
type Cell = string | number | null

const COLUMNS = ['rank', 'department', 'composite', 'satisfaction', 'outpatient', 'inpatient', 'staff', 'responses', 'validComplaints', 'complaintRate', 'onTime', 'praise', 'veto'] as const
type Column = (typeof COLUMNS)[number]

interface ExportModel {
  title: string
  status: string
  weights: string
  header: string[]
  /** One row per department, cells in COLUMNS order; onTime as a fraction (0–1). */
  rows: Cell[][]
  vetoes: string[]
  stars: { rank: number; name: string; praise: number }[]
  vetoedStars: { name: string; praise: number; caseNumbers: string }[]
}

function modelOf(page: EvaluationPageView, hospitalName: string, locale: Locale, timeZone: string, now: Date): ExportModel {
  const t = translator(locale)
  const { content } = page
  const name = (d: { name: string; nameEn: string | null }) => (locale === 'en' && d.nameEn ? d.nameEn : d.name)
  const numbers = (list: readonly string[]) => list.join(locale === 'en' ? ', ' : '、')
  const weights = EVALUATION_PARTS.map((p) => t('evaluation:weights.value', { label: t(`evaluation:weights.${p}`), percent: Math.round(content.weights[p] * 1000) / 10 })).join(locale === 'en' ? ', ' : '，')
  const rows = content.departments.map((d): Cell[] => {
    const f = d.figures
    const cells: Record<Column, Cell> = {
      rank: d.rank,
      department: name(d),
      composite: d.composite,
      satisfaction: f.satisfaction,
      outpatient: f.audiences.outpatient,
      inpatient: f.audiences.inpatient,
      staff: f.audiences.staff,
      responses: f.responses,
      validComplaints: f.validComplaints,
      complaintRate: f.validComplaintRatePer1000,
      onTime: f.onTimeRate,
      praise: f.praise,
      veto: d.vetoCaseNumbers.length ? t('evaluation:veto.reason', { numbers: numbers(d.vetoCaseNumbers) }) : t('evaluation:veto.none'),
    }
    return COLUMNS.map((c) => cells[c])
  })
  return {
    title: t('evaluation:export.title', { hospital: hospitalName, month: page.month }),
    status: page.status === 'closed' && page.frozenAt ? t('evaluation:export.statusClosed', { date: localMinute(page.frozenAt, timeZone) }) : t('evaluation:export.statusPreview', { date: localMinute(now, timeZone) }),
    weights: t('evaluation:export.weights', { weights }),
    header: COLUMNS.map((c) => t(`evaluation:columns.${c}`)),
    rows,
    vetoes: content.departments.filter((d) => d.vetoCaseNumbers.length).map((d) => t('evaluation:veto.department', { department: name(d), numbers: numbers(d.vetoCaseNumbers) })),
    stars: content.stars.map((s) => ({ rank: s.rank, name: s.name, praise: s.praise })),
    vetoedStars: content.vetoedStars.map((s) => ({ name: s.name, praise: s.praise, caseNumbers: numbers(s.caseNumbers) })),
  }
}

// ——— XLSX ———

async function toXlsx(model: ExportModel, t: T): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook()
  const ranking = workbook.addWorksheet(t('evaluation:export.rankingSheet'))
  ranking.addRow(model.header).font = { bold: true }
  for (const row of model.rows) ranking.addRow(row)
  ranking.getColumn(COLUMNS.indexOf('onTime') + 1).numFmt = '0.0%'
  ranking.getColumn(COLUMNS.indexOf('department') + 1).width = 24
  ranking.getColumn(COLUMNS.indexOf('veto') + 1).width = 30
  ranking.views = [{ state: 'frozen', ySplit: 1 }]

  const stars = workbook.addWorksheet(t('evaluation:export.starsSheet'))
  stars.addRow([t('evaluation:stars.columns.rank'), t('evaluation:stars.columns.name'), t('evaluation:stars.columns.praise')]).font = { bold: true }
  for (const s of model.stars) stars.addRow([s.rank, s.name, s.praise])
  if (model.vetoedStars.length) {
    stars.addRow([])
    stars.addRow([t('evaluation:export.vetoedStars')]).font = { bold: true }
    stars.addRow(['', t('evaluation:stars.columns.name'), t('evaluation:stars.columns.praise'), t('evaluation:export.caseNumbers')]).font = { bold: true }
    for (const s of model.vetoedStars) stars.addRow(['', s.name, s.praise, s.caseNumbers])
  }
  stars.getColumn(2).width = 20
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

// ——— PDF ———

/** A4 landscape: the ranking's thirteen columns need the width. Widths in points, in COLUMNS order (together the printable width, 770). */
const WIDTHS: Record<Column, number> = { rank: 34, department: 150, composite: 58, satisfaction: 56, outpatient: 56, inpatient: 56, staff: 56, responses: 50, validComplaints: 50, complaintRate: 66, onTime: 58, praise: 40, veto: 40 }
const PDF_COLUMNS: PdfColumn[] = COLUMNS.map((c) => ({ width: WIDTHS[c], align: c === 'department' || c === 'veto' ? 'left' : 'right', ...(c === 'veto' ? { emphasis: '#b42318' } : {}) }))

function pdfCell(value: Cell, column: Column, locale: Locale, t: T): string {
  if (value === null) return t('evaluation:noValue')
  if (column === 'onTime' && typeof value === 'number') return `${(value * 100).toFixed(1)}%`
  if (column === 'veto') return value === t('evaluation:veto.none') ? '' : t('evaluation:veto.vetoed')
  return typeof value === 'number' ? new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value) : value
}

async function toPdf(model: ExportModel, locale: Locale, t: T, compress: boolean): Promise<Buffer> {
  const { doc, done } = await openPdf({ layout: 'landscape', locale, title: model.title, compress })
  const w = new PdfWriter(doc, 'landscape', (page) => `${model.title} · ${t('evaluation:export.page', { page })}`)
  w.newPage()
  w.line(model.title, { font: 'bold', size: 16, gap: 4 })
  w.line(model.status, { size: 9, color: MUTED })
  w.line(model.weights, { size: 9, color: MUTED, gap: 8 })
  w.table(
    model.header,
    PDF_COLUMNS,
    model.rows.map((row) => COLUMNS.map((c, i) => pdfCell(row[i] ?? null, c, locale, t))),
  )
  w.line(t('evaluation:veto.heading'), { font: 'bold', size: 12, gap: 4 })
  if (model.vetoes.length === 0) w.line(t('evaluation:veto.empty'), { size: 9, color: MUTED })
  for (const v of model.vetoes) w.line(v, { size: 9 })
  w.y += 8
  w.line(t('evaluation:stars.heading'), { font: 'bold', size: 12, gap: 4 })
  if (model.stars.length === 0) w.line(t('evaluation:stars.empty'), { size: 9, color: MUTED })
  for (const s of model.stars) w.line(`${t('evaluation:stars.place', { rank: s.rank })} · ${s.name} · ${t('evaluation:stars.praise', { count: s.praise })}`, { size: 9 })
  if (model.vetoedStars.length) {
    w.line(t('evaluation:stars.vetoedHeading'), { font: 'bold', size: 10, gap: 2 })
    for (const s of model.vetoedStars) w.line(t('evaluation:stars.vetoed', { name: s.name, count: s.praise, numbers: s.caseNumbers }), { size: 9 })
  }
  doc.end()
  return done
}

/** Rows of the ranking that fit on the first page (below the title, status and weights) and on each later one (tests check the page count with them). */
export const PDF_ROWS = {
  first: pdfRowsFitting('landscape', 16 * 1.5 + 4 + 2 * (9 * 1.5 + 2) + 6),
  later: pdfRowsFitting('landscape', 0),
}

const CONTENT_TYPES: Record<EvaluationExportFormat, string> = { xlsx: XLSX_CONTENT_TYPE, pdf: PDF_CONTENT_TYPE }

/** The month's evaluation as a file in the viewer's language; audited (who took it out). */
export async function exportEvaluation(
  ctx: AppContext,
  viewer: { organizationId: string; userId: string; locale: Locale },
  month: string,
  format: EvaluationExportFormat,
  options: { compress?: boolean } = {},
) {
  const hospital = await findOrganizationById(ctx.db, { organizationId: viewer.organizationId })
  if (!hospital) throw new Error('hospital disappeared during an export')
  const page = await evaluationPage(ctx, { organizationId: viewer.organizationId, month })
  const t = translator(viewer.locale)
  const hospitalName = viewer.locale === 'en' && hospital.nameEn ? hospital.nameEn : hospital.name
  const model = modelOf(page, hospitalName, viewer.locale, hospital.timeZone, ctx.clock.now())
  const body = format === 'xlsx' ? await toXlsx(model, t) : new Uint8Array(await toPdf(model, viewer.locale, t, options.compress ?? true))
  await audit(ctx.db, {
    organizationId: viewer.organizationId,
    actorUserId: viewer.userId,
    action: 'evaluation.exported',
    entityType: 'evaluation_snapshot',
    entityId: null,
    after: { month, format, status: page.status },
  })
  return { filename: `evaluation-${month}.${format}`, contentType: CONTENT_TYPES[format], body }
}
