import ExcelJS from 'exceljs'
import PDFDocument from 'pdfkit'
import { EVALUATION_PARTS } from '#app/domain/evaluation.ts'
import type { Locale } from '#app/domain/locales.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { localMinute } from '#app/lib/format.ts'
import { translator } from '#app/lib/i18n.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { audit } from './audit.server.ts'
import { evaluationPage, type EvaluationPageView } from './evaluation.server.ts'
import { loadPdfFonts, registerPdfFonts } from './pdf-fonts.server.ts'

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

/** A4 landscape: the ranking's thirteen columns need the width. */
const PAGE = { width: 841.89, height: 595.28, margin: 36 }
const ROW_HEIGHT = 18
const HEADER_HEIGHT = 34
/** Column widths in points, in COLUMNS order (together the printable width, 770). */
const WIDTHS: Record<Column, number> = { rank: 34, department: 150, composite: 58, satisfaction: 56, outpatient: 56, inpatient: 56, staff: 56, responses: 50, validComplaints: 50, complaintRate: 66, onTime: 58, praise: 40, veto: 40 }
const INK = '#1f2933'
const MUTED = '#52606d'
const RULE = '#d9e2ec'
const HEAD_FILL = '#e8f3ef'

type Doc = PDFKit.PDFDocument

function pdfCell(value: Cell, column: Column, locale: Locale, t: T): string {
  if (value === null) return t('evaluation:noValue')
  if (column === 'onTime' && typeof value === 'number') return `${(value * 100).toFixed(1)}%`
  if (column === 'veto') return value === t('evaluation:veto.none') ? '' : t('evaluation:veto.vetoed')
  return typeof value === 'number' ? new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value) : value
}

class PdfWriter {
  y = PAGE.margin
  page = 0
  constructor(
    private doc: Doc,
    private t: T,
    private footer: string,
  ) {}

  get bottom() {
    return PAGE.height - PAGE.margin - 14
  }

  newPage() {
    this.doc.addPage()
    this.page++
    this.y = PAGE.margin
    // A height keeps pdfkit from ever breaking the page on its own.
    this.doc.font('regular').fontSize(8).fillColor(MUTED).text(`${this.footer} · ${this.t('evaluation:export.page', { page: this.page })}`, PAGE.margin, PAGE.height - PAGE.margin, { width: PAGE.width - 2 * PAGE.margin, height: 12, align: 'right' })
  }

  /** A line of text; a new page first when it would not fit. */
  line(text: string, o: { font?: 'regular' | 'bold'; size?: number; color?: string; gap?: number } = {}) {
    const size = o.size ?? 10
    const height = size * 1.5
    if (this.y + height > this.bottom) this.newPage()
    this.doc
      .font(o.font ?? 'regular')
      .fontSize(size)
      .fillColor(o.color ?? INK)
      .text(text, PAGE.margin, this.y, { width: PAGE.width - 2 * PAGE.margin, height, ellipsis: true })
    this.y += height + (o.gap ?? 2)
  }

  tableHeader(header: string[]) {
    const { doc } = this
    doc.rect(PAGE.margin, this.y, PAGE.width - 2 * PAGE.margin, HEADER_HEIGHT).fill(HEAD_FILL)
    let x = PAGE.margin
    COLUMNS.forEach((c, i) => {
      doc.font('bold').fontSize(7.5).fillColor(INK).text(header[i]!, x + 2, this.y + 3, { width: WIDTHS[c] - 4, height: HEADER_HEIGHT - 4, ellipsis: true })
      x += WIDTHS[c]
    })
    this.y += HEADER_HEIGHT
  }

  /** The ranking, one row per department; the header repeats on every page it runs onto. */
  table(header: string[], rows: Cell[][], locale: Locale) {
    const { doc, t } = this
    if (this.y + HEADER_HEIGHT + ROW_HEIGHT > this.bottom) this.newPage()
    this.tableHeader(header)
    for (const row of rows) {
      if (this.y + ROW_HEIGHT > this.bottom) {
        this.newPage()
        this.tableHeader(header)
      }
      let x = PAGE.margin
      COLUMNS.forEach((c, i) => {
        const text = pdfCell(row[i] ?? null, c, locale, t)
        doc
          .font(c === 'veto' && text ? 'bold' : 'regular')
          .fontSize(9)
          .fillColor(c === 'veto' ? '#b42318' : INK)
          .text(text, x + 2, this.y + 4, { width: WIDTHS[c] - 4, height: ROW_HEIGHT - 4, ellipsis: true, align: c === 'department' || c === 'veto' ? 'left' : 'right' })
        x += WIDTHS[c]
      })
      this.y += ROW_HEIGHT
      doc.moveTo(PAGE.margin, this.y).lineTo(PAGE.width - PAGE.margin, this.y).lineWidth(0.5).strokeColor(RULE).stroke()
    }
    this.y += 10
  }
}

async function toPdf(model: ExportModel, locale: Locale, t: T, compress: boolean): Promise<Buffer> {
  const fonts = await loadPdfFonts()
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, autoFirstPage: false, compress, lang: locale, displayTitle: true, info: { Title: model.title, Creator: 'Huiyin' } })
  registerPdfFonts(doc, fonts)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const w = new PdfWriter(doc, t, model.title)
  w.newPage()
  w.line(model.title, { font: 'bold', size: 16, gap: 4 })
  w.line(model.status, { size: 9, color: MUTED })
  w.line(model.weights, { size: 9, color: MUTED, gap: 8 })
  w.table(model.header, model.rows, locale)
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

/** Rows of the ranking that fit on the first page and on each later one (tests check the page count with them). */
export const PDF_ROWS = {
  first: Math.floor((PAGE.height - PAGE.margin - 14 - (PAGE.margin + 16 * 1.5 + 4 + 2 * (9 * 1.5 + 2) + 6 + HEADER_HEIGHT)) / ROW_HEIGHT),
  later: Math.floor((PAGE.height - PAGE.margin - 14 - (PAGE.margin + HEADER_HEIGHT)) / ROW_HEIGHT),
}

const CONTENT_TYPES: Record<EvaluationExportFormat, string> = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' }

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
