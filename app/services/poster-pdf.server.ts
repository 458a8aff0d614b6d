import QRCode from 'qrcode'
import { openPdf } from './pdf-table.server.ts'

export const POSTER_SIZES = ['a4', 'a5'] as const
export type PosterSize = (typeof POSTER_SIZES)[number]

/**
 * Q (25 % recovery) because posters get scratched and dirty on hospital walls; the quiet
 * zone of 4 modules is the minimum the QR standard asks for.
 */
export const QR_OPTIONS = { errorCorrectionLevel: 'Q', margin: 4 } as const

/** A line printed in Chinese first, with the English under it when there is one. */
export interface Bilingual {
  zh: string
  en: string | null
}

/** What one poster page says. */
export interface PosterSheet {
  hospital: Bilingual
  touchpoint: Bilingual
  department: Bilingual
  /** The patient URL the QR code encodes, printed under it as a fallback. */
  url: string
}

/** The fixed lines every poster carries. */
export interface PosterTexts {
  scan: Bilingual
  fallback: Bilingual
  promise: Bilingual
}

export interface PosterDocument {
  size: PosterSize
  title: string
  author: string
  subject: string
  sheets: PosterSheet[]
  texts: PosterTexts
  /** Off only in tests, to read the page content. */
  compress?: boolean
}

const A4_WIDTH = 595.28
const MM = 72 / 25.4
/** The QR code with its quiet zone on A4, scaled down on A5 (symbol about 90 mm / 65 mm wide). */
const QR_BLOCK_A4 = 120 * MM
const INK = '#1f2933'
const MUTED = '#52606d'
const GREEN = '#0b6e4f'

type Doc = PDFKit.PDFDocument

/**
 * Writes `text` centred from `y`, shrinking the font (down to `minSize`) until it fits in
 * `lines` lines; anything still longer is cut with an ellipsis. Returns the y under it.
 */
function block(doc: Doc, text: string, y: number, o: { font: 'regular' | 'bold'; size: number; minSize?: number; color: string; lines?: number }) {
  const s = doc.page.width / A4_WIDTH
  const x = 40 * s
  const width = doc.page.width - 2 * x
  const lines = o.lines ?? 1
  let size = o.size * s
  const min = (o.minSize ?? o.size) * s
  doc.font(o.font).fontSize(size)
  while (size > min && doc.heightOfString(text, { width, align: 'center' }) > lines * doc.currentLineHeight(true) + 0.5) {
    size -= 0.5
    doc.fontSize(size)
  }
  const height = Math.min(doc.heightOfString(text, { width, align: 'center' }), lines * doc.currentLineHeight(true))
  // A height keeps pdfkit from ever continuing on a new page.
  doc.fillColor(o.color).text(text, x, y, { width, height: height + 1, align: 'center', ellipsis: true })
  return y + height
}

function both(doc: Doc, line: Bilingual, y: number, zh: Parameters<typeof block>[3], enSize: number) {
  let next = block(doc, line.zh, y, zh)
  if (line.en) next = block(doc, line.en, next + 2, { font: 'regular', size: enSize, color: MUTED, lines: zh.lines ?? 1 })
  return next
}

/** The QR symbol drawn as vector squares (sharp at any print size), quiet zone left white. */
function drawQr(doc: Doc, url: string, x: number, y: number, blockSize: number) {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel })
  const n = modules.size
  const cell = blockSize / (n + 2 * QR_OPTIONS.margin)
  const ox = x + QR_OPTIONS.margin * cell
  const oy = y + QR_OPTIONS.margin * cell
  doc.rect(x, y, blockSize, blockSize).fill('#ffffff')
  for (let row = 0; row < n; row++) {
    let start = -1
    for (let col = 0; col <= n; col++) {
      const dark = col < n && modules.get(row, col) === 1
      if (dark && start < 0) start = col
      if (!dark && start >= 0) {
        doc.rect(ox + start * cell, oy + row * cell, (col - start) * cell, cell)
        start = -1
      }
    }
  }
  // One fill for the whole symbol: no hairline seams between neighbouring modules.
  doc.fill('#000000')
}

function drawSheet(doc: Doc, sheet: PosterSheet, texts: PosterTexts) {
  const { width, height } = doc.page
  const s = width / A4_WIDTH
  doc.rect(0, 0, width, 14 * s).fill(GREEN)
  doc.rect(0, height - 14 * s, width, 14 * s).fill(GREEN)

  let y = 46 * s
  y = both(doc, sheet.hospital, y, { font: 'bold', size: 28, minSize: 18, color: GREEN, lines: 2 }, 12)
  y += 14 * s
  doc.moveTo(60 * s, y).lineTo(width - 60 * s, y).lineWidth(0.8 * s).strokeColor('#d9e2ec').stroke()
  y += 16 * s
  y = both(doc, sheet.touchpoint, y, { font: 'bold', size: 24, minSize: 15, color: INK, lines: 2 }, 12)
  const department = sheet.department.en ? `${sheet.department.zh} · ${sheet.department.en}` : sheet.department.zh
  y = block(doc, department, y + 4 * s, { font: 'regular', size: 13, minSize: 9, color: MUTED })
  y += 18 * s
  y = both(doc, texts.scan, y, { font: 'bold', size: 22, minSize: 14, color: INK }, 12)

  // Footer from the bottom up, so the QR code gets whatever room is left (never below its minimum).
  const footerTop = height - 14 * s - 62 * s
  both(doc, texts.promise, footerTop, { font: 'bold', size: 13, minSize: 9, color: INK }, 10)
  const underQr = 46 * s
  const room = footerTop - 10 * s - underQr - (y + 6 * s)
  const qrBlock = Math.max(Math.min(QR_BLOCK_A4 * s, room), 85 * MM * s)
  const qrY = y + 6 * s
  drawQr(doc, sheet.url, (width - qrBlock) / 2, qrY, qrBlock)

  y = both(doc, texts.fallback, qrY + qrBlock, { font: 'regular', size: 11, color: MUTED }, 9)
  block(doc, sheet.url, y + 2 * s, { font: 'bold', size: 14, minSize: 8, color: GREEN })
}

/** One page per sheet; resolves with the whole PDF. */
export async function renderPosters(input: PosterDocument): Promise<Buffer> {
  const { doc, done } = await openPdf({
    size: input.size === 'a5' ? 'A5' : 'A4',
    layout: 'portrait',
    locale: 'zh-CN',
    title: input.title,
    author: input.author,
    subject: input.subject,
    compress: input.compress ?? true,
  })
  for (const sheet of input.sheets) {
    doc.addPage()
    drawSheet(doc, sheet, input.texts)
  }
  doc.end()
  return done
}
