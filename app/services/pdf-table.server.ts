import PDFDocument from 'pdfkit'
import type { Locale } from '#app/domain/locales.ts'
import { loadPdfFonts, registerPdfFonts } from './pdf-fonts.server.ts'

/**
 * The printable A4 report every export shares (the monthly evaluation, the boards): Noto Sans SC,
 * a page footer, lines of text and tables whose header repeats on every page they run onto.
 * Cells arrive as text already formatted in the reader's language.
 */

export const A4 = { portrait: { width: 595.28, height: 841.89 }, landscape: { width: 841.89, height: 595.28 } } as const
export const PDF_MARGIN = 36
export const PDF_ROW_HEIGHT = 18
export const PDF_HEADER_HEIGHT = 34
/** Room kept for the footer under the last row. */
const FOOTER_ROOM = 14
export const INK = '#1f2933'
export const MUTED = '#52606d'
const RULE = '#d9e2ec'
const HEAD_FILL = '#e8f3ef'

type Doc = PDFKit.PDFDocument
export type PdfLayout = keyof typeof A4

export interface PdfColumn {
  width: number
  align?: 'left' | 'right'
  /** A column that stands out (the evaluation's veto): its colour, bold when it has text. */
  emphasis?: string
}

/**
 * Opens a pdfkit document (A4 unless told) with the fonts registered; `done` resolves to the
 * bytes after `doc.end()`. Pages are added by the caller.
 */
export async function openPdf(o: { size?: 'A4' | 'A5'; layout: PdfLayout; locale: Locale; title: string; author?: string; subject?: string; compress: boolean }) {
  const fonts = await loadPdfFonts()
  const info = { Title: o.title, Creator: 'Huiyin', ...(o.author ? { Author: o.author } : {}), ...(o.subject ? { Subject: o.subject } : {}) }
  const doc = new PDFDocument({ size: o.size ?? 'A4', layout: o.layout, margin: 0, autoFirstPage: false, compress: o.compress, lang: o.locale, displayTitle: true, info })
  registerPdfFonts(doc, fonts)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  return { doc, done }
}

export class PdfWriter {
  y = PDF_MARGIN
  page = 0
  private readonly width: number
  private readonly height: number
  constructor(
    private doc: Doc,
    layout: PdfLayout,
    /** The footer of a page, e.g. "title · Page 2". */
    private footer: (page: number) => string,
  ) {
    this.width = A4[layout].width
    this.height = A4[layout].height
  }

  get bottom() {
    return this.height - PDF_MARGIN - FOOTER_ROOM
  }

  get printableWidth() {
    return this.width - 2 * PDF_MARGIN
  }

  newPage() {
    this.doc.addPage()
    this.page++
    this.y = PDF_MARGIN
    // A height keeps pdfkit from ever breaking the page on its own.
    this.doc.font('regular').fontSize(8).fillColor(MUTED).text(this.footer(this.page), PDF_MARGIN, this.height - PDF_MARGIN, { width: this.printableWidth, height: 12, align: 'right' })
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
      .text(text, PDF_MARGIN, this.y, { width: this.printableWidth, height, ellipsis: true })
    this.y += height + (o.gap ?? 2)
  }

  private tableHeader(header: readonly string[], columns: readonly PdfColumn[]) {
    const { doc } = this
    doc.rect(PDF_MARGIN, this.y, this.printableWidth, PDF_HEADER_HEIGHT).fill(HEAD_FILL)
    let x = PDF_MARGIN
    columns.forEach((c, i) => {
      doc.font('bold').fontSize(7.5).fillColor(INK).text(header[i] ?? '', x + 2, this.y + 3, { width: c.width - 4, height: PDF_HEADER_HEIGHT - 4, ellipsis: true, align: c.align ?? 'right' })
      x += c.width
    })
    this.y += PDF_HEADER_HEIGHT
  }

  /** A table, one line per row; the header repeats on every page it runs onto. */
  table(header: readonly string[], columns: readonly PdfColumn[], rows: readonly (readonly string[])[]) {
    const { doc } = this
    if (this.y + PDF_HEADER_HEIGHT + PDF_ROW_HEIGHT > this.bottom) this.newPage()
    this.tableHeader(header, columns)
    for (const row of rows) {
      if (this.y + PDF_ROW_HEIGHT > this.bottom) {
        this.newPage()
        this.tableHeader(header, columns)
      }
      let x = PDF_MARGIN
      columns.forEach((c, i) => {
        const text = row[i] ?? ''
        doc
          .font(c.emphasis && text ? 'bold' : 'regular')
          .fontSize(9)
          .fillColor(c.emphasis ?? INK)
          .text(text, x + 2, this.y + 4, { width: c.width - 4, height: PDF_ROW_HEIGHT - 4, ellipsis: true, align: c.align ?? 'right' })
        x += c.width
      })
      this.y += PDF_ROW_HEIGHT
      doc.moveTo(PDF_MARGIN, this.y).lineTo(PDF_MARGIN + this.printableWidth, this.y).lineWidth(0.5).strokeColor(RULE).stroke()
    }
    this.y += 10
  }
}

/** Rows of a table that fit on a page below `above` points of other content (tests check page counts with it). */
export function pdfRowsFitting(layout: PdfLayout, above: number) {
  return Math.floor((A4[layout].height - PDF_MARGIN - FOOTER_ROOM - (PDF_MARGIN + above + PDF_HEADER_HEIGHT)) / PDF_ROW_HEIGHT)
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const PDF_CONTENT_TYPE = 'application/pdf'
