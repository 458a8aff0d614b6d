import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Category } from '#app/domain/intake.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { insertDepartment } from '#db/queries/departments.ts'
import { boardRollups, NO_KEY } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

/**
 * The department board and the hospital overview read only board_rollups: the rows are
 * inserted here with known figures and every page cell is checked against them.
 * Now is 2026-11-20 in Shanghai: the overview defaults to October, the department board to November.
 */
const clock = testClock(new Date('2026-11-20T02:00:00Z'))
let t: TestContext
let h: TestHospital
let other: TestHospital
let neurology: { id: string }

type Row = Partial<typeof boardRollups.$inferInsert> & { departmentKey: string; periodStart: string }

async function insertRollups(organizationId: string, rows: Row[]) {
  await t.ctx.db.insert(boardRollups).values(rows.map((r) => ({ organizationId, period: 'month' as const, touchpointKey: NO_KEY, ...r })))
}

async function record(departmentId: string, category: Category, at: string) {
  clock.set(new Date(at))
  const r = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'complaint', channel: 'web', departmentId, category, text: '看板测试投诉', locale: 'zh-CN' })
  if (!r.ok) throw new Error(r.error)
}

beforeAll(async () => {
  t = createTestContext({ clock })
  h = await createHospitalWithStaff(t.ctx)
  other = await createHospitalWithStaff(t.ctx)
  neurology = await insertDepartment(t.ctx.db, { organizationId: h.organization.id, name: '神经内科', nameEn: 'Neurology', type: 'clinical' })
  const cardiology = h.departments.cardiology.id
  const radiology = h.departments.radiology.id
  // Complaints for the top categories (cases are read for those; October in Shanghai).
  await record(cardiology, 'costs', '2026-10-03T02:00:00Z')
  await record(cardiology, 'costs', '2026-10-31T15:00:00Z') // 23:00 on 31 October, local
  await record(cardiology, 'environment', '2026-10-15T02:00:00Z')
  await record(cardiology, 'food', '2026-09-30T15:30:00Z') // 23:30 on 30 September, local
  await record(cardiology, 'parking', '2026-09-15T02:00:00Z')
  await record(radiology, 'privacy', '2026-10-10T02:00:00Z')
  clock.set(new Date('2026-11-20T02:00:00Z'))
  // Whatever the intake wrote into the rollups is replaced by known figures.
  await t.ctx.db.delete(boardRollups).where(eq(boardRollups.organizationId, h.organization.id))
  await insertRollups(h.organization.id, [
    {
      departmentKey: cardiology,
      periodStart: '2026-10-01',
      touchpointKey: h.touchpoint.id,
      responses: 12,
      ratingSum: 200,
      ratingCount: 50,
      dimensions: { doctor_communication: { sum: 90, count: 20 }, environment: { sum: 60, count: 20 } },
      audiences: { outpatient: { sum: 200, count: 50, responses: 12 } },
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
      complainantsSatisfied: 1,
      complainantsAnswered: 2,
      visits: 2000,
    },
    // A second touchpoint of the same department: the month is the sum of both.
    { departmentKey: cardiology, periodStart: '2026-10-01', responses: 3, ratingSum: 50, ratingCount: 10, dimensions: { doctor_communication: { sum: 10, count: 5 } } },
    { departmentKey: cardiology, periodStart: '2026-09-01', responses: 15, ratingSum: 210, ratingCount: 60, complaints: 7 },
    { departmentKey: cardiology, periodStart: '2026-05-01', responses: 1, ratingSum: 5, ratingCount: 1 },
    // Thirteen months back: outside the 12-month trend.
    { departmentKey: cardiology, periodStart: '2025-10-01', responses: 1, ratingSum: 1, ratingCount: 1, complaints: 99 },
    { departmentKey: cardiology, periodStart: '2026-10-05', period: 'day', responses: 2, ratingSum: 10, ratingCount: 2, complaints: 1 },
    { departmentKey: radiology, periodStart: '2026-10-01', responses: 20, ratingSum: 150, ratingCount: 50, complaints: 1, dimensions: { doctor_communication: { sum: 40, count: 20 } } },
    { departmentKey: radiology, periodStart: '2026-09-01', responses: 20, ratingSum: 200, ratingCount: 50 },
    // Neurology would rise most, but has fewer than 10 responses in October.
    { departmentKey: neurology.id, periodStart: '2026-10-01', responses: 5, ratingSum: 100, ratingCount: 20 },
    { departmentKey: neurology.id, periodStart: '2026-09-01', responses: 12, ratingSum: 50, ratingCount: 20 },
    // Complaints with no department count for the hospital only.
    { departmentKey: NO_KEY, periodStart: '2026-10-01', complaints: 2 },
  ])
  await insertRollups(other.organization.id, [{ departmentKey: other.departments.cardiology.id, periodStart: '2026-10-01', responses: 500, ratingSum: 500, ratingCount: 500, complaints: 300 }])
})
afterAll(() => t.close())

async function signedIn(email: string, acceptLanguage?: string) {
  const client = new AppClient(t.ctx, acceptLanguage ? { acceptLanguage } : {})
  await client.signIn(email, TEST_PASSWORD)
  return client
}

const overview = (q = '') => `/app/${h.organization.slug}/boards${q}`
const board = (departmentId: string, q = '') => `/app/${h.organization.slug}/boards/departments/${departmentId}${q}`

/** The HTML of one table row (`<tr data-department=…>` or any other attribute). */
function rowOf(html: string, attribute: string): string {
  const start = html.indexOf(`<tr ${attribute}`)
  if (start < 0) throw new Error(`no row ${attribute}`)
  return html.slice(start, html.indexOf('</tr>', start))
}

/** The data-value of the first element with `name="key"` in the HTML. */
function valueOf(html: string, name: string, key: string): string | undefined {
  return html.match(new RegExp(`${name}="${key}"[^>]*data-value="([^"]*)"`))?.[1]
}

/** The opening tag of the first link carrying an attribute. */
const linkWith = (html: string, attribute: string) => [...html.matchAll(/<a [^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(attribute)) ?? ''

const departmentOrder = (html: string) => [...html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')).matchAll(/<tr data-department="([^"]+)"/g)].map((m) => m[1])

describe('hospital overview', () => {
  it('shows every department with the figures its rollups imply, and the hospital totals', async () => {
    const client = await signedIn(h.users.leadership.email)
    const res = await client.get(overview())
    expect(res.status).toBe(200)
    expect(res.text).toContain('data-board-month="2026-10"')
    const cardiology = rowOf(res.text, `data-department="${h.departments.cardiology.id}"`)
    expect(valueOf(cardiology, 'data-figure', 'responses')).toBe('15')
    expect(valueOf(cardiology, 'data-figure', 'satisfaction')).toBe('83.3333') // 250 / 60 × 20
    expect(valueOf(cardiology, 'data-figure', 'change')).toBe('13.3333') // September: 210 / 60 × 20 = 70
    expect(valueOf(cardiology, 'data-figure', 'nps')).toBe('40')
    expect(valueOf(cardiology, 'data-figure', 'complaints')).toBe('4')
    expect(valueOf(cardiology, 'data-figure', 'validComplaints')).toBe('1')
    expect(valueOf(cardiology, 'data-figure', 'complaintRate')).toBe('2') // 4 per 2,000 visits
    expect(valueOf(cardiology, 'data-figure', 'praise')).toBe('3')
    expect(valueOf(cardiology, 'data-figure', 'onTimeRate')).toBe('0.75')
    expect(valueOf(cardiology, 'data-figure', 'responseRate')).toBe('0.8')
    expect(valueOf(cardiology, 'data-figure', 'resolutionRate')).toBe('0.5')
    expect(valueOf(cardiology, 'data-figure', 'satisfiedRate')).toBe('0.5')
    const radiology = rowOf(res.text, `data-department="${h.departments.radiology.id}"`)
    expect(valueOf(radiology, 'data-figure', 'satisfaction')).toBe('60')
    expect(valueOf(radiology, 'data-figure', 'change')).toBe('-20')
    expect(valueOf(radiology, 'data-figure', 'complaintRate')).toBe('') // no visits imported
    const neuro = rowOf(res.text, `data-department="${neurology.id}"`)
    expect(valueOf(neuro, 'data-figure', 'satisfaction')).toBe('100')
    expect(valueOf(neuro, 'data-figure', 'change')).toBe('') // too few responses to compare
    // A department without rows is listed with empty figures.
    const ps = rowOf(res.text, `data-department="${h.departments.patientService.id}"`)
    expect(valueOf(ps, 'data-figure', 'responses')).toBe('0')
    expect(valueOf(ps, 'data-figure', 'satisfaction')).toBe('')
    const hospital = rowOf(res.text, 'data-department="hospital"')
    expect(valueOf(hospital, 'data-figure', 'responses')).toBe('40')
    expect(valueOf(hospital, 'data-figure', 'complaints')).toBe('7') // 4 + 1 + 2 without a department
    expect(valueOf(hospital, 'data-figure', 'satisfaction')).toBe('76.9231') // 500 / 130 × 20
    expect(valueOf(res.text, 'data-headline', 'satisfaction')).toBe('76.9231')
    // Nothing of the other hospital.
    expect(res.text).not.toContain(other.departments.cardiology.id)
    expect(res.text).not.toContain('>300<')
  })

  it('keeps a closed department that still has figures for the month, and leaves out closed ones without', async () => {
    const closed = await insertDepartment(t.ctx.db, { organizationId: h.organization.id, name: '已撤销科室', nameEn: 'Closed ward', type: 'clinical', active: false })
    const empty = await insertDepartment(t.ctx.db, { organizationId: h.organization.id, name: '空科室', nameEn: 'Empty ward', type: 'clinical', active: false })
    await insertRollups(h.organization.id, [{ departmentKey: closed.id, periodStart: '2026-08-01', responses: 2, ratingSum: 8, ratingCount: 2 }])
    const client = await signedIn(h.users.leadership.email)
    const august = await client.get(overview('?month=2026-08'))
    expect(valueOf(rowOf(august.text, `data-department="${closed.id}"`), 'data-figure', 'satisfaction')).toBe('80')
    expect(august.text).not.toContain(empty.id)
    expect((await client.get(overview())).text).not.toContain(closed.id)
  })

  it('names the biggest risers and fallers, leaving out departments with too few responses', async () => {
    const client = await signedIn(h.users.admin.email)
    const res = await client.get(overview())
    const risers = res.text.slice(res.text.indexOf('data-highlights="risers"'), res.text.indexOf('data-highlights="fallers"'))
    const fallers = res.text.slice(res.text.indexOf('data-highlights="fallers"'))
    expect(valueOf(risers, 'data-highlight', h.departments.cardiology.id)).toBe('13.3333')
    expect(risers).not.toContain(neurology.id)
    expect(valueOf(fallers, 'data-highlight', h.departments.radiology.id)).toBe('-20')
    expect(fallers.slice(0, fallers.indexOf('</ol>'))).not.toContain(h.departments.cardiology.id)
  })

  it('sorts by any column through the query string, empty figures last, and says when the sort is not valid', async () => {
    const client = await signedIn(h.users.leadership.email)
    const { cardiology, radiology, patientService } = h.departments
    const bySatisfaction = await client.get(overview('?sort=satisfaction&dir=desc'))
    expect(departmentOrder(bySatisfaction.text)).toEqual([neurology.id, cardiology.id, radiology.id, patientService.id])
    expect(bySatisfaction.text).toContain('aria-sort="descending" data-column="satisfaction"')
    const ascending = await client.get(overview('?sort=satisfaction&dir=asc'))
    expect(departmentOrder(ascending.text)).toEqual([radiology.id, cardiology.id, neurology.id, patientService.id])
    const byComplaints = await client.get(overview('?month=2026-10&sort=complaints&dir=desc'))
    expect(departmentOrder(byComplaints.text).slice(0, 2)).toEqual([cardiology.id, radiology.id])
    const byChange = await client.get(overview('?sort=change&dir=asc'))
    expect(departmentOrder(byChange.text).slice(0, 2)).toEqual([radiology.id, cardiology.id])
    const bad = await client.get(overview('?sort=drop%20table&dir=sideways'))
    expect(bad.status).toBe(200)
    expect(bad.text).toContain('data-invalid="sort"')
    expect(departmentOrder(bad.text)).toEqual(departmentOrder((await client.get(overview())).text))
  })

  it('shows the chosen month, and falls back to last month with a note for a bad or future month', async () => {
    const client = await signedIn(h.users.leadership.email)
    const september = await client.get(overview('?month=2026-09'))
    expect(september.text).toContain('data-board-month="2026-09"')
    expect(valueOf(rowOf(september.text, `data-department="${h.departments.cardiology.id}"`), 'data-figure', 'satisfaction')).toBe('70')
    for (const bad of ['2026-13', 'yesterday', '2027-01', '2026-10-01', '%3Cscript%3E']) {
      const res = await client.get(overview(`?month=${bad}`))
      expect(res.status, bad).toBe(200)
      expect(res.text, bad).toContain('data-board-month="2026-10"')
      expect(res.text, bad).toContain('data-invalid="month"')
    }
  })

  it('links each department to its board and each complaint count to its cases', async () => {
    const client = await signedIn(h.users.patient_service.email)
    const res = await client.get(overview())
    const id = h.departments.cardiology.id
    expect(res.text).toContain(`href="/app/${h.organization.slug}/boards/departments/${id}?month=2026-10"`)
    // The cases behind the count: the department and the month's local opening dates.
    expect(linkWith(res.text, `data-cases-link="${id}"`)).toContain(`href="/app/${h.organization.slug}/cases?department=${id}&amp;from=2026-10-01&amp;until=2026-10-31"`)
    const cases = await client.get(`/app/${h.organization.slug}/cases?department=${id}&from=2026-10-01&until=2026-10-31`)
    expect(cases.status).toBe(200)
    expect(cases.text).toContain('name="from"')
    expect(cases.text).toContain('value="2026-10-01"')
    expect(cases.text).toContain('value="2026-10-31"')
  })

  it('is in English for an English reader', async () => {
    const client = await signedIn(h.users.leadership.email, 'en')
    const res = await client.get(overview())
    expect(res.text).toContain('Hospital satisfaction overview')
    expect(res.text).toContain('Cardiology')
  })

  it('gives a department head the list of their own boards instead of the overview, and staff nothing', async () => {
    const head = await signedIn(h.users.department_head.email)
    const res = await head.get(overview())
    expect(res.status).toBe(200)
    expect(res.text).toContain(`data-board-link="${h.departments.cardiology.id}"`)
    expect(res.text).not.toContain(h.departments.radiology.id)
    expect(res.text).not.toContain('data-board-overview')
    const staff = await signedIn(h.users.staff.email)
    expect((await staff.get(overview())).status).toBe(403)
  })
})

describe('department board', () => {
  it('shows the month with the hospital beside it, the 12-month trend, dimensions and top complaint categories', async () => {
    const client = await signedIn(h.users.leadership.email)
    const res = await client.get(board(h.departments.cardiology.id, '?month=2026-10'))
    expect(res.status).toBe(200)
    const html = res.text
    expect(valueOf(html, 'data-headline', 'satisfaction')).toBe('83.3333')
    expect(valueOf(html, 'data-headline', 'responseRate')).toBe('0.8')
    expect(valueOf(html, 'data-headline', 'resolutionRate')).toBe('0.5')
    expect(valueOf(html, 'data-headline', 'satisfiedRate')).toBe('0.5')
    const satisfaction = rowOf(html, 'data-figure="satisfaction"')
    expect(valueOf(satisfaction, 'data-of', 'department')).toBe('83.3333')
    expect(valueOf(satisfaction, 'data-of', 'hospital')).toBe('76.9231')
    // Counts are compared with the mean of the three reporting departments.
    expect(valueOf(rowOf(html, 'data-figure="responses"'), 'data-of', 'hospital')).toBe('13.3333')
    expect(valueOf(rowOf(html, 'data-figure="onTimeRate"'), 'data-of', 'department')).toBe('0.75')
    // Trend: November 2025 … October 2026.
    const months = [...html.matchAll(/<tr data-month="(\d{4}-\d{2})"/g)].map((m) => m[1])
    expect(months).toHaveLength(12)
    expect(months[0]).toBe('2025-11')
    expect(months[11]).toBe('2026-10')
    expect(valueOf(rowOf(html, 'data-month="2026-05"'), 'data-series', 'satisfaction')).toBe('100')
    expect(valueOf(rowOf(html, 'data-month="2026-09"'), 'data-series', 'complaints')).toBe('7')
    expect(valueOf(rowOf(html, 'data-month="2026-08"'), 'data-series', 'satisfaction')).toBe('')
    expect(html).not.toContain('data-value="99"')
    // Dimensions: doctor communication (90 + 10) / 25 × 20 = 80; the hospital's (140 / 45 × 20).
    const doctor = rowOf(html, 'data-dimension="doctor_communication"')
    expect(valueOf(doctor, 'data-of', 'department')).toBe('80')
    expect(valueOf(doctor, 'data-of', 'hospital')).toBe('62.2222')
    expect(valueOf(rowOf(html, 'data-dimension="environment"'), 'data-of', 'department')).toBe('60')
    expect(rowOf(html, 'data-audience="outpatient"')).toContain('data-value="80"')
    // Top complaint categories from the month's cases: costs twice, environment once; September's and radiology's not.
    const categories = [...html.matchAll(/<tr data-category="([a-z_]+)"/g)].map((m) => m[1])
    expect(categories).toEqual(['costs', 'environment'])
    expect(rowOf(html, 'data-category="costs"')).toContain('data-value="2"')
    // The day rows of the month.
    expect(html).toContain('data-day="2026-10-05"')
    expect(html).toContain(`data-cases-link="${h.departments.cardiology.id}"`)
  })

  it('defaults to the current month, and falls back to it with a note for a bad month', async () => {
    const client = await signedIn(h.users.leadership.email)
    const current = await client.get(board(h.departments.cardiology.id))
    expect(current.text).toContain('data-board-month="2026-11"')
    expect(valueOf(current.text, 'data-headline', 'satisfaction')).toBe('')
    expect(current.text).toContain('data-too-few')
    const bad = await client.get(board(h.departments.cardiology.id, '?month=2026-00'))
    expect(bad.status).toBe(200)
    expect(bad.text).toContain('data-board-month="2026-11"')
    expect(bad.text).toContain('data-invalid="month"')
  })

  it('opens for a department head on their own department only; other departments and hospitals are not found; staff are refused', async () => {
    const head = await signedIn(h.users.department_head.email)
    expect((await head.get(board(h.departments.cardiology.id, '?month=2026-10'))).status).toBe(200)
    expect((await head.get(board(h.departments.radiology.id))).status).toBe(404)
    expect((await head.get(board(other.departments.cardiology.id))).status).toBe(404)
    expect((await head.get(board('not-a-uuid'))).status).toBe(404)
    const staff = await signedIn(h.users.staff.email)
    expect((await staff.get(board(h.departments.cardiology.id))).status).toBe(403)
    const leadership = await signedIn(h.users.leadership.email)
    expect((await leadership.get(board(h.departments.radiology.id))).status).toBe(200)
    expect((await leadership.get(board(other.departments.cardiology.id))).status).toBe(404)
  })
})
