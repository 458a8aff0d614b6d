import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportDepartmentBoard, exportOverview, OVERVIEW_PDF_ROWS } from '#app/services/board-export.server.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { insertDepartment } from '#db/queries/departments.ts'
import { auditEvents, boardRollups, boardRollupsDirty, NO_KEY } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

/**
 * The board exports read the same rollups as the pages (inserted here with known figures, as in
 * boards-pages.test.ts). Now is 2026-11-20 in Shanghai: the overview defaults to October.
 */
const clock = testClock(new Date('2026-11-20T02:00:00Z'))
let t: TestContext
let h: TestHospital
let large: TestHospital
let neurology: { id: string }

type Row = Partial<typeof boardRollups.$inferInsert> & { departmentKey: string; periodStart: string }
async function insertRollups(organizationId: string, rows: Row[]) {
  await t.ctx.db.delete(boardRollupsDirty).where(eq(boardRollupsDirty.organizationId, organizationId))
  await t.ctx.db.delete(boardRollups).where(eq(boardRollups.organizationId, organizationId))
  await t.ctx.db.insert(boardRollups).values(rows.map((r) => ({ organizationId, period: 'month' as const, touchpointKey: NO_KEY, ...r })))
}

beforeAll(async () => {
  t = createTestContext({ clock })
  h = await createHospitalWithStaff(t.ctx)
  large = await createHospitalWithStaff(t.ctx)
  neurology = await insertDepartment(t.ctx.db, { organizationId: h.organization.id, name: '神经内科', nameEn: 'Neurology', type: 'clinical' })
  const { cardiology, radiology } = h.departments
  // Two October complaints about costs for the top categories (read from cases).
  for (const at of ['2026-10-03T02:00:00Z', '2026-10-12T02:00:00Z']) {
    clock.set(new Date(at))
    const r = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'complaint', channel: 'web', departmentId: cardiology.id, category: 'costs', text: '导出看板测试', locale: 'zh-CN' })
    if (!r.ok) throw new Error(r.error)
  }
  clock.set(new Date('2026-11-20T02:00:00Z'))
  await insertRollups(h.organization.id, [
    {
      departmentKey: cardiology.id,
      periodStart: '2026-10-01',
      responses: 15,
      ratingSum: 250,
      ratingCount: 60,
      dimensions: { doctor_communication: { sum: 100, count: 25 } },
      npsPromoters: 6,
      npsDetractors: 2,
      npsCount: 10,
      complaints: 4,
      validComplaints: 1,
      praise: 3,
      answeredOnTime: 3,
      answeredLate: 1,
      firstContactOnTime: 4,
      firstContactClocks: 5,
      casesResolved: 2,
      casesClosed: 4,
      visits: 2000,
    },
    { departmentKey: cardiology.id, periodStart: '2026-09-01', responses: 15, ratingSum: 210, ratingCount: 60, complaints: 7 },
    { departmentKey: radiology.id, periodStart: '2026-10-01', responses: 20, ratingSum: 150, ratingCount: 50, complaints: 1 },
    { departmentKey: radiology.id, periodStart: '2026-09-01', responses: 20, ratingSum: 200, ratingCount: 50 },
    // Too few responses to compare with September.
    { departmentKey: neurology.id, periodStart: '2026-10-01', responses: 5, ratingSum: 100, ratingCount: 20 },
    { departmentKey: neurology.id, periodStart: '2026-09-01', responses: 12, ratingSum: 50, ratingCount: 20 },
  ])
  // Enough departments that the overview (with its hospital row) runs two rows onto a second page.
  const extra = OVERVIEW_PDF_ROWS.first + 2 - 3 - 1
  for (let i = 0; i < extra; i++) await insertDepartment(t.ctx.db, { organizationId: large.organization.id, name: `病区${String(i + 1).padStart(2, '0')}`, type: 'clinical' })
})
afterAll(() => t.close())

const viewerOf = (hospital: TestHospital, role: 'leadership' | 'department_head' = 'leadership') => ({
  organizationId: hospital.organization.id,
  userId: hospital.users[role].id,
  timeZone: hospital.organization.timeZone,
  boardSettings: null,
  role,
  departmentIds: role === 'department_head' ? [hospital.departments.cardiology.id] : [],
})

async function workbookOf(body: Uint8Array) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(Buffer.from(body) as unknown as ArrayBuffer)
  return workbook
}

/** The row whose first cell is `label`. */
function rowLabelled(sheet: ExcelJS.Worksheet, label: string) {
  for (let i = 1; i <= sheet.rowCount; i++) if (sheet.getRow(i).getCell(1).value === label) return sheet.getRow(i)
  throw new Error(`no row ${label} in ${sheet.name}`)
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')
const pageCount = (bytes: Uint8Array) => latin1(bytes).match(/\/Type \/Page\b(?!s)/g)?.length ?? 0

/** The PDF through poppler: its text (pdftotext) or page 1's dark pixels (pdftoppm). */
function withPdf<R>(body: Uint8Array, read: (file: string, dir: string) => R): R {
  const dir = mkdtempSync(path.join(tmpdir(), 'board-pdf-'))
  try {
    writeFileSync(path.join(dir, 'board.pdf'), body)
    return read(path.join(dir, 'board.pdf'), dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
const pdfText = (body: Uint8Array) => withPdf(body, (file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }))
function inkOnPageOne(body: Uint8Array) {
  return withPdf(body, (file, dir) => {
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, path.join(dir, 'page')])
    const png = PNG.sync.read(readFileSync(path.join(dir, readdirSync(dir).find((f) => f.endsWith('.png'))!)))
    let ink = 0
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 200 || png.data[i + 1]! < 200 || png.data[i + 2]! < 200) ink++
    return ink
  })
}

const input = { month: null, sort: null, dir: null }

describe('overview export', () => {
  it('writes every department and the hospital to one sheet, numbers as numbers and rates as percentages, in Chinese', async () => {
    const file = await exportOverview(t.ctx, viewerOf(h), { ...input, locale: 'zh-CN' }, 'xlsx')
    expect(file!.filename).toBe('board-overview-2026-10.xlsx')
    const workbook = await workbookOf(file!.body)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['全院总览'])
    const sheet = workbook.worksheets[0]!
    expect(sheet.getRow(1).getCell(1).value).toBe('科室')
    expect(sheet.getRow(1).getCell(3).value).toBe('满意度')
    expect(sheet.getRow(1).getCell(10).value).toBe('按时答复率')
    // The figures of the page (boards-pages.test.ts checks the same rollups there).
    const cardiology = rowLabelled(sheet, '心血管内科')
    expect(cardiology.getCell(2).value).toBe(15)
    expect(cardiology.getCell(3).value).toBeCloseTo(83.3333, 4)
    expect(cardiology.getCell(4).value).toBeCloseTo(13.3333, 4)
    expect(cardiology.getCell(5).value).toBe(40)
    expect(cardiology.getCell(6).value).toBe(4)
    expect(cardiology.getCell(8).value).toBe(2)
    expect(cardiology.getCell(10).value).toBe(0.75)
    expect(cardiology.getCell(10).numFmt).toBe('0.0%')
    expect(cardiology.getCell(11).value).toBe(0.8)
    expect(cardiology.getCell(12).value).toBe(0.5)
    expect(rowLabelled(sheet, '放射科').getCell(4).value).toBe(-20)
    // Too few responses: no change, an empty cell as the page's dash.
    expect(rowLabelled(sheet, '神经内科').getCell(4).value).toBeNull()
    const hospital = rowLabelled(sheet, '全院合计')
    expect(hospital.getCell(2).value).toBe(40)
    expect(hospital.getCell(3).value).toBeCloseTo(76.9231, 4) // 500 / 130 × 20
    expect(sheet.rowCount).toBe(1 + 4 + 1)
  })

  it('follows the page’s sort and writes English for an English reader', async () => {
    const file = await exportOverview(t.ctx, viewerOf(h), { month: '2026-10', sort: 'satisfaction', dir: 'desc', locale: 'en' }, 'xlsx')
    const sheet = (await workbookOf(file!.body)).worksheets[0]!
    expect(sheet.name).toBe('Overview')
    expect(sheet.getRow(1).getCell(3).value).toBe('Satisfaction')
    // Empty figures last, as on the page.
    expect([2, 3, 4].map((i) => sheet.getRow(i).getCell(1).value)).toEqual(['Neurology', 'Cardiology', 'Radiology'])
    expect(sheet.getRow(6).getCell(1).value).toBe('Whole hospital')
  })

  it('prints one A4 landscape page with the Chinese font embedded and the figures as on the page', async () => {
    const file = await exportOverview(t.ctx, viewerOf(h), { ...input, locale: 'zh-CN' }, 'pdf', { compress: false })
    expect(latin1(file!.body).startsWith('%PDF-')).toBe(true)
    expect(pageCount(file!.body)).toBe(1)
    expect(latin1(file!.body)).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/)
    expect(latin1(file!.body)).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/)
    const text = pdfText(file!.body)
    expect(text).toContain('全院满意度总览')
    expect(text).toContain(h.organization.name)
    expect(text).toContain('2026年10月')
    expect(text).toContain('心血管内科')
    expect(text).toContain('83.3')
    expect(text).toContain('75.0%')
    expect(text).toContain('+13.3')
    expect(text).toContain('全院合计')
  })

  it('runs onto a second page with the header repeated when the departments do not fit', async () => {
    const file = await exportOverview(t.ctx, viewerOf(large), { ...input, locale: 'zh-CN' }, 'pdf')
    expect(pageCount(file!.body)).toBe(2)
    const pages = pdfText(file!.body).split('\f')
    expect(pages[1]).toContain('满意度')
    expect(pages[1]).toContain('全院合计')
  })

  it('renders page 1 with ink on it (pdftoppm)', async () => {
    const file = await exportOverview(t.ctx, viewerOf(h), { ...input, locale: 'zh-CN' }, 'pdf')
    expect(inkOnPageOne(file!.body)).toBeGreaterThan(2000)
  })

  it('is not for a department head (they see their own boards only)', async () => {
    expect(await exportOverview(t.ctx, viewerOf(h, 'department_head'), { ...input, locale: 'zh-CN' }, 'xlsx')).toBeNull()
  })
})

describe('department board export', () => {
  it('writes the month against the hospital, the 12-month trend, dimensions and top categories, in Chinese and English', async () => {
    const departmentId = h.departments.cardiology.id
    const file = await exportDepartmentBoard(t.ctx, viewerOf(h), { departmentId, month: '2026-10', locale: 'zh-CN' }, 'xlsx')
    const workbook = await workbookOf(file!.body)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['与全院对比', '近12个月', '维度得分', '投诉类别'])
    const compare = workbook.worksheets[0]!
    expect(compare.getRow(1).values).toEqual([undefined, '指标', '本科室', '全院'])
    const satisfaction = rowLabelled(compare, '满意度')
    expect(satisfaction.getCell(2).value).toBeCloseTo(83.3333, 4)
    expect(satisfaction.getCell(3).value).toBeCloseTo(76.9231, 4)
    expect(rowLabelled(compare, '按时答复率').getCell(2).value).toBe(0.75)
    expect(rowLabelled(compare, '按时答复率').getCell(2).numFmt).toBe('0.0%')
    const trend = workbook.worksheets[1]!
    expect(trend.rowCount).toBe(1 + 12)
    expect(trend.getRow(2).getCell(1).value).toBe('2025-11')
    expect(rowLabelled(trend, '2026-09').getCell(4).value).toBe(7)
    expect(rowLabelled(trend, '2026-08').getCell(3).value).toBeNull()
    expect(workbook.worksheets[2]!.getRow(2).getCell(2).value).toBe(80)
    expect(workbook.worksheets[3]!.getRow(2).values).toEqual([undefined, expect.any(String), 2])

    const en = await workbookOf((await exportDepartmentBoard(t.ctx, viewerOf(h), { departmentId, month: '2026-10', locale: 'en' }, 'xlsx'))!.body)
    expect(en.worksheets.map((w) => w.name)).toEqual(['Compared with hospital', 'Last 12 months', 'Dimensions', 'Complaint categories'])
    expect(en.worksheets[0]!.getRow(1).values).toEqual([undefined, 'Figure', 'This department', 'Hospital'])
  })

  it('prints A4 portrait pages with the Chinese font, the tables and the “too few responses” note as on the page', async () => {
    const departmentId = neurology.id
    const file = await exportDepartmentBoard(t.ctx, viewerOf(h), { departmentId, month: '2026-10', locale: 'zh-CN' }, 'pdf', { compress: false })
    expect(latin1(file!.body).startsWith('%PDF-')).toBe(true)
    // Portrait: the comparison and the 12 months fill page 1; dimensions and categories follow on page 2.
    expect(pageCount(file!.body)).toBe(2)
    expect(latin1(file!.body)).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/)
    expect(latin1(file!.body)).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/)
    const text = pdfText(file!.body)
    expect(text).toContain('神经内科')
    expect(text).toContain('本月答卷少于 10 份')
    expect(text).toContain('近 12 个月趋势')
    expect(text.split('\f')[1]).toContain('投诉类别前五')
    expect(inkOnPageOne(file!.body)).toBeGreaterThan(2000)
  })

  it('is null for a department the viewer may not see', async () => {
    expect(await exportDepartmentBoard(t.ctx, viewerOf(h, 'department_head'), { departmentId: h.departments.radiology.id, month: null, locale: 'zh-CN' }, 'pdf')).toBeNull()
    expect(await exportDepartmentBoard(t.ctx, viewerOf(h), { departmentId: large.departments.cardiology.id, month: null, locale: 'zh-CN' }, 'pdf')).toBeNull()
  })
})

describe('export routes', () => {
  it('serves both files of both pages to leadership from links on the pages, audited', async () => {
    const client = new AppClient(t.ctx, { acceptLanguage: 'en' })
    await client.signIn(h.users.leadership.email, TEST_PASSWORD)
    const base = `/app/${h.organization.slug}/boards`
    const page = await client.get(`${base}?month=2026-10&sort=satisfaction&dir=desc`)
    expect(page.text).toContain(`${base}/export.xlsx?month=2026-10&amp;sort=satisfaction&amp;dir=desc`)
    expect(page.text).toContain(`${base}/export.pdf?month=2026-10&amp;sort=satisfaction&amp;dir=desc`)
    const xlsx = await client.get(`${base}/export.xlsx?month=2026-10`)
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect((await workbookOf(xlsx.bytes)).worksheets[0]!.name).toBe('Overview')
    const pdf = await client.get(`${base}/export.pdf?month=2026-10`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pageCount(pdf.bytes)).toBe(1)

    const board = `${base}/departments/${h.departments.cardiology.id}`
    expect((await client.get(`${board}?month=2026-10`)).text).toContain(`${board}/export.pdf?month=2026-10`)
    const boardXlsx = await client.get(`${board}/export.xlsx?month=2026-10`)
    expect(boardXlsx.status).toBe(200)
    expect((await workbookOf(boardXlsx.bytes)).worksheets[0]!.name).toBe('Compared with hospital')
    const boardPdf = await client.get(`${board}/export.pdf?month=2026-10`)
    expect(boardPdf.status).toBe(200)
    expect(latin1(boardPdf.bytes).startsWith('%PDF-')).toBe(true)

    const events = await t.ctx.db
      .select({ after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, h.organization.id), eq(auditEvents.action, 'boards.exported')))
    expect(events.length).toBeGreaterThanOrEqual(4)
  })

  it('lets a department head export their own board only; staff are refused', async () => {
    const head = new AppClient(t.ctx)
    await head.signIn(h.users.department_head.email, TEST_PASSWORD)
    const base = `/app/${h.organization.slug}/boards`
    expect((await head.get(`${base}/departments/${h.departments.cardiology.id}/export.xlsx`)).status).toBe(200)
    expect((await head.get(`${base}/departments/${h.departments.cardiology.id}/export.pdf`)).status).toBe(200)
    expect((await head.get(`${base}/departments/${h.departments.radiology.id}/export.pdf`)).status).toBe(404)
    expect((await head.get(`${base}/departments/not-a-uuid/export.pdf`)).status).toBe(404)
    expect((await head.get(`${base}/export.xlsx`)).status).toBe(403)
    const staff = new AppClient(t.ctx)
    await staff.signIn(h.users.staff.email, TEST_PASSWORD)
    expect((await staff.get(`${base}/departments/${h.departments.cardiology.id}/export.pdf`)).status).toBe(403)
    expect((await staff.get(`${base}/export.pdf`)).status).toBe(403)
  })
})
