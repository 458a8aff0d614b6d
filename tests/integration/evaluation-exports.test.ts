import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { exportEvaluation, PDF_ROWS } from '#app/services/evaluation-export.server.ts'
import { insertDepartment } from '#db/queries/departments.ts'
import { insertUser } from '#db/queries/users.ts'
import { boardRollups, boardRollupsDirty, cases, NO_KEY, submissions } from '#db/schema/index.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

// February: the scheduled close another test file runs (for the month before its own clock) never freezes it.
const MONTH = '2026-02'
const clock = testClock(new Date('2026-03-10T02:00:00Z'))
let t: TestContext
let small: TestHospital
let large: TestHospital
let vetoNumber: string

const hasPdftoppm = spawnSync('which', ['pdftoppm']).status === 0

beforeAll(async () => {
  t = createTestContext({ clock })
  small = await createHospitalWithStaff(t.ctx)
  large = await createHospitalWithStaff(t.ctx)
  const { cardiology, radiology } = small.departments
  // A valid complaint against cardiology in February, and praise for a nurse with a Chinese name.
  clock.set(new Date('2026-02-12T02:00:00Z'))
  const recorded = await recordSubmission(t.ctx, { organizationId: small.organization.id, kind: 'complaint', channel: 'qr', touchpointId: small.touchpoint.id, text: '导出测试投诉', locale: 'zh-CN' })
  clock.set(new Date('2026-03-10T02:00:00Z'))
  if (!recorded.ok) throw new Error(recorded.error)
  const [judged] = await t.ctx.db.update(cases).set({ valid: true, attributedDepartmentId: cardiology.id }).where(eq(cases.id, recorded.receipt.caseId!)).returning({ number: cases.number })
  vetoNumber = judged!.number
  // Figures here come from the rollups this file writes; no rollup worker may redo them from raw rows.
  await t.ctx.db.delete(boardRollupsDirty).where(eq(boardRollupsDirty.organizationId, small.organization.id))
  await t.ctx.db.delete(boardRollups).where(eq(boardRollups.organizationId, small.organization.id))
  await t.ctx.db.insert(boardRollups).values([
    { organizationId: small.organization.id, period: 'month', periodStart: `${MONTH}-01`, departmentKey: cardiology.id, touchpointKey: NO_KEY, responses: 12, ratingSum: 54, ratingCount: 12, answeredOnTime: 3, answeredLate: 1, visits: 2000, validComplaints: 1, complaints: 2, praise: 4 },
    { organizationId: small.organization.id, period: 'month', periodStart: `${MONTH}-01`, departmentKey: radiology.id, touchpointKey: NO_KEY, responses: 8, ratingSum: 28, ratingCount: 8, answeredOnTime: 2 },
  ])
  const nurse = await insertUser(t.ctx.db, { email: `nurse.${small.organization.slug}@test.huiyin.local`, name: '王护士长', passwordHash: 'x' })
  await t.ctx.db.insert(submissions).values(
    Array.from({ length: 3 }, () => ({ organizationId: small.organization.id, kind: 'praise' as const, channel: 'web' as const, text: '', locale: 'zh-CN' as const, praisedUserId: nurse.id, receivedAt: new Date('2026-02-20T03:00:00Z') })),
  )
  // Enough departments for the ranking to run onto a third page, with only two rows there.
  const extra = PDF_ROWS.first + PDF_ROWS.later + 2 - 3
  for (let i = 0; i < extra; i++) await insertDepartment(t.ctx.db, { organizationId: large.organization.id, name: `病区${String(i + 1).padStart(2, '0')}`, type: 'clinical' })
})
afterAll(() => t.close())

const viewer = (h: TestHospital, locale: 'zh-CN' | 'en' = 'zh-CN') => ({ organizationId: h.organization.id, userId: h.users.leadership.id, locale })

async function workbookOf(body: Uint8Array) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(Buffer.from(body) as unknown as ArrayBuffer)
  return workbook
}

// ——— Reading the PDF (uncompressed when asked) without pdfkit: enough for page count and text. ———

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')
const pageCount = (bytes: Uint8Array) => latin1(bytes).match(/\/Type \/Page\b(?!s)/g)?.length ?? 0

/** Objects by number, each cut at the next object's offset (from the xref table, so binary font data cannot confuse it). */
function objects(pdf: string) {
  const xref = pdf.slice(pdf.lastIndexOf('\nxref\n') + 6).split('\n')
  const [first, count] = xref[0]!.split(' ').map(Number) as [number, number]
  const offsets = xref
    .slice(1, count + 1)
    .map((line, i) => ({ id: String(first + i), offset: Number(line.slice(0, 10)), used: line.includes(' n') }))
    .filter((o) => o.used)
    .sort((a, b) => a.offset - b.offset)
  const end = pdf.lastIndexOf('\nxref\n')
  return new Map(offsets.map((o, i) => [o.id, pdf.slice(o.offset, offsets[i + 1]?.offset ?? end)]))
}

const dictOf = (obj: string) => (obj.includes('\nstream\n') ? obj.slice(0, obj.indexOf('\nstream\n')) : obj)
function streamOf(obj: string) {
  const at = obj.indexOf('\nstream\n') + 8
  return obj.slice(at, at + Number(dictOf(obj).match(/\/Length (\d+)/)![1]))
}

/** Each page's text, decoded through the fonts' ToUnicode maps. */
function pageTexts(bytes: Uint8Array) {
  const objs = objects(latin1(bytes))
  const ref = (obj: string, key: string) => dictOf(obj).match(new RegExp(`/${key} (\\d+) 0 R`))?.[1]
  const unicodeOf = (fontId: string) => {
    const map = new Map<number, string>()
    const cmap = ref(objs.get(fontId)!, 'ToUnicode')
    if (!cmap) return map
    for (const [, from, , list] of streamOf(objs.get(cmap)!).matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      ;[...list!.matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) => map.set(parseInt(from!, 16) + i, String.fromCodePoint(...u[1]!.match(/.{4}/g)!.map((x) => parseInt(x, 16)))))
    }
    return map
  }
  const pages = [...objs.values()].filter((o) => /\/Type \/Page\b(?!s)/.test(dictOf(o)))
  return pages.map((page) => {
    const resources = objs.get(ref(page, 'Resources')!)!
    const fonts = new Map([...resources.matchAll(/\/(F\d+) (\d+) 0 R/g)].map((m) => [m[1]!, unicodeOf(m[2]!)]))
    let font = new Map<number, string>()
    const out: string[] = []
    for (const op of streamOf(objs.get(ref(page, 'Contents')!)!).matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1]) font = fonts.get(op[1]) ?? new Map()
      else out.push([...op[2]!.matchAll(/<([0-9a-f]+)>/gi)].flatMap((g) => (g[1]!.match(/.{4}/g) ?? []).map((x) => font.get(parseInt(x, 16)) ?? '?')).join(''))
    }
    return out.join('\n')
  })
}

describe('evaluation exports', () => {
  it('writes the ranking as numbers and the service stars to XLSX, in Chinese', async () => {
    const file = await exportEvaluation(t.ctx, viewer(small), MONTH, 'xlsx')
    expect(file.filename).toBe(`evaluation-${MONTH}.xlsx`)
    const workbook = await workbookOf(file.body)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['科室排名', '服务之星'])
    const ranking = workbook.getWorksheet('科室排名')!
    expect(ranking.getRow(1).getCell(1).value).toBe('排名')
    expect(ranking.getRow(1).getCell(3).value).toBe('综合得分')
    // Cardiology: satisfaction 90, 0.5 valid complaints per 1,000 visits → 95, on time 75 % → 0.6×90 + 0.2×95 + 0.2×75 = 88.
    // Patient service has no figures: hospital averages give it 85.87, between cardiology and radiology (82).
    const cardiology = ranking.getRow(2)
    expect(cardiology.getCell(2).value).toBe('心血管内科')
    expect(cardiology.getCell(1).value).toBe(1)
    expect(cardiology.getCell(3).value).toBe(88)
    expect(cardiology.getCell(4).value).toBe(90)
    expect(cardiology.getCell(10).value).toBe(0.5)
    expect(cardiology.getCell(11).value).toBe(0.75)
    expect(String(cardiology.getCell(13).value)).toContain(vetoNumber)
    expect(ranking.getRow(3).getCell(3).value).toBe(85.87)
    expect(ranking.getRow(4).getCell(2).value).toBe('放射科')
    expect(ranking.rowCount).toBe(1 + 3)
    const stars = workbook.getWorksheet('服务之星')!
    expect(stars.getRow(2).values).toEqual([undefined, 1, '王护士长', 3])
  })

  it('writes the XLSX in English for an English reader', async () => {
    const workbook = await workbookOf((await exportEvaluation(t.ctx, viewer(small, 'en'), MONTH, 'xlsx')).body)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Ranking', 'Service stars'])
    const names = workbook.getWorksheet('Ranking')!.getColumn(2).values
    expect(names).toContain('Cardiology')
  })

  it('prints one A4 page for a small hospital, with the Chinese font embedded and the Chinese text in it', async () => {
    const file = await exportEvaluation(t.ctx, viewer(small), MONTH, 'pdf', { compress: false })
    expect(latin1(file.body).startsWith('%PDF-')).toBe(true)
    expect(pageCount(file.body)).toBe(1)
    expect(latin1(file.body)).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/)
    // A4 landscape.
    expect(latin1(file.body)).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/)
    const [text] = pageTexts(file.body)
    expect(text).toContain('月度考评')
    expect(text).toContain('心血管内科')
    expect(text).toContain('综合得分')
    expect(text).toContain(vetoNumber)
    expect(text).toContain('王护士长')
  })

  it('runs the ranking across pages with the header repeated, so the page count grows with the departments', async () => {
    const file = await exportEvaluation(t.ctx, viewer(large), MONTH, 'pdf', { compress: false })
    expect(pageCount(file.body)).toBe(3)
    const texts = pageTexts(file.body)
    expect(texts).toHaveLength(3)
    for (const text of texts) expect(text).toContain('综合得分')
    expect(texts[2]).toContain('服务之星')
    const compressed = await exportEvaluation(t.ctx, viewer(large, 'en'), MONTH, 'pdf')
    expect(pageCount(compressed.body)).toBe(3)
  })

  it('renders page 1 as a page with ink on it (pdftoppm)', async () => {
    if (!hasPdftoppm) throw new Error('pdftoppm is needed to render the PDF: apt-get install -y poppler-utils (.ci/run installs it)')
    const file = await exportEvaluation(t.ctx, viewer(small), MONTH, 'pdf')
    const dir = mkdtempSync(path.join(tmpdir(), 'evaluation-pdf-'))
    try {
      writeFileSync(path.join(dir, 'page.pdf'), file.body)
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', path.join(dir, 'page.pdf'), path.join(dir, 'page')])
      const png = PNG.sync.read(readFileSync(path.join(dir, readdirSync(dir).find((f) => f.endsWith('.png'))!)))
      let ink = 0
      for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 200 || png.data[i + 1]! < 200 || png.data[i + 2]! < 200) ink++
      expect(ink).toBeGreaterThan(2000)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('serves both files to leadership from the month page, in the reader’s language', async () => {
    const client = new AppClient(t.ctx, { acceptLanguage: 'en' })
    await client.signIn(small.users.leadership.email, TEST_PASSWORD)
    const base = `/app/${small.organization.slug}/evaluation/${MONTH}`
    const page = await client.get(base)
    expect(page.text).toContain(`${base}/export.xlsx`)
    expect(page.text).toContain(`${base}/export.pdf`)
    const xlsx = await client.get(`${base}/export.xlsx`)
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect((await workbookOf(xlsx.bytes)).worksheets[0]!.name).toBe('Ranking')
    const pdf = await client.get(`${base}/export.pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pageCount(pdf.bytes)).toBe(1)
    const staff = new AppClient(t.ctx)
    await staff.signIn(small.users.staff.email, TEST_PASSWORD)
    expect((await staff.get(`${base}/export.pdf`)).status).toBe(403)
  })
})
