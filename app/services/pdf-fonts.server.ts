import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
let fonts: Promise<{ regular: Buffer; bold: Buffer }> | undefined

/**
 * Noto Sans SC from npm (decision 004), read once per process and shared by every PDF we print
 * (posters, the monthly evaluation); pdfkit embeds only the glyphs a PDF uses.
 */
export function loadPdfFonts() {
  fonts ??= Promise.all([
    readFile(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    readFile(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  ]).then(
    ([regular, bold]) => ({ regular, bold }),
    (e: unknown) => {
      fonts = undefined
      throw e
    },
  )
  return fonts
}

export type PdfFonts = Awaited<ReturnType<typeof loadPdfFonts>>

/** Registers the fonts as 'regular' and 'bold' on a pdfkit document. */
export function registerPdfFonts(doc: PDFKit.PDFDocument, { regular, bold }: PdfFonts) {
  doc.registerFont('regular', regular)
  doc.registerFont('bold', bold)
}
