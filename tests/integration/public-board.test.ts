import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordSubmission } from '#app/services/intake.server.ts'
import { setPublicBoardPublished } from '#db/queries/public-board.ts'
import { boardRollups, NO_KEY, organizations } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { mainOf, uniqueIp } from '#tests/helpers/patient.ts'

// 2026-12-01 00:30 in Shanghai, still 30 November in UTC: November is the last full month there.
const AFTER_MIDNIGHT_SHANGHAI = new Date('2026-11-30T16:30:00Z')
// 2026-11-30 23:30 in Shanghai: November is not over yet, the last full month is October.
const BEFORE_MIDNIGHT_SHANGHAI = new Date('2026-11-30T15:30:00Z')

const clock = testClock(AFTER_MIDNIGHT_SHANGHAI)
let t: TestContext
let a: TestHospital
let unpublished: TestHospital

type Figures = { responses: number; ratingSum: number; ratingCount: number; audiences?: Record<string, { sum: number; count: number; responses: number }> }
async function rollup(h: TestHospital, month: string, departmentKey: string, touchpointKey: string, f: Figures) {
  await t.ctx.db.insert(boardRollups).values({ organizationId: h.organization.id, period: 'month', periodStart: month, departmentKey, touchpointKey, audiences: {}, ...f })
}

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  unpublished = await createHospitalWithStaff(t.ctx)
  await setPublicBoardPublished(t.ctx.db, { organizationId: a.organization.id, published: true })
  const { cardiology, radiology, patientService } = a.departments
  // November: cardiology has exactly the minimum (10) over two touchpoint rows, radiology one short (9).
  await rollup(a, '2026-11-01', cardiology.id, NO_KEY, { responses: 6, ratingSum: 27, ratingCount: 6 })
  await rollup(a, '2026-11-01', cardiology.id, a.touchpoint.id, { responses: 4, ratingSum: 18, ratingCount: 4 })
  await rollup(a, '2026-11-01', radiology.id, NO_KEY, { responses: 9, ratingSum: 45, ratingCount: 9 })
  // Patient service: 12 patients plus 5 staff answers, which the public board leaves out (12 × 4 = 48 → 80.0).
  await rollup(a, '2026-11-01', patientService.id, NO_KEY, {
    responses: 17,
    ratingSum: 48 + 5,
    ratingCount: 12 + 5,
    audiences: { outpatient: { sum: 48, count: 12, responses: 12 }, staff: { sum: 5, count: 5, responses: 5 } },
  })
  // October: only cardiology.
  await rollup(a, '2026-10-01', cardiology.id, NO_KEY, { responses: 12, ratingSum: 42, ratingCount: 12 })
  // The unpublished hospital has figures too; they must not show.
  await rollup(unpublished, '2026-11-01', unpublished.departments.cardiology.id, NO_KEY, { responses: 50, ratingSum: 250, ratingCount: 50 })
  // A complaint with personal details and free text, and praise naming a person: none of it is on the board.
  await recordSubmission(t.ctx, {
    organizationId: a.organization.id,
    kind: 'complaint',
    channel: 'web',
    text: '护士态度很差，秘密投诉内容',
    departmentId: cardiology.id,
    contactName: '王小明',
    contactPhone: '+8613800138000',
    consentToContact: true,
    locale: 'zh-CN',
  })
})
afterAll(() => t.close())

const visitor = (acceptLanguage?: string) => new AppClient(t.ctx, { ip: uniqueIp(), acceptLanguage })
const board = (h: TestHospital, query = '') => `/h/${h.organization.slug}/board${query}`

/** The table row of a department: its name, score cell and response count. */
function rowOf(html: string, departmentId: string) {
  const row = html.match(new RegExp(`<tr data-department="${departmentId}">(.*?)</tr>`))?.[1]
  if (!row) return undefined
  return [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1])
}

describe('public board', () => {
  it('shows satisfaction by department for last month to anyone, in Chinese by default, with public cache headers', async () => {
    clock.set(AFTER_MIDNIGHT_SHANGHAI)
    const res = await visitor().get(board(a))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    // A shared cache must not hand one visitor's cookie to the next.
    expect(res.headers.get('set-cookie')).toBeNull()
    const main = mainOf(res.text)
    expect(main).toContain('各科室患者满意度')
    expect(main).toContain('2026年11月')
    expect(main).toContain('data-board-month="2026-11-01"')
    expect(rowOf(main, a.departments.cardiology.id)).toEqual(['心血管内科', '90.0', '10'])
  })

  it('shows “too few responses” instead of a score below the hospital’s minimum, and a score at it', async () => {
    clock.set(AFTER_MIDNIGHT_SHANGHAI)
    const main = mainOf((await visitor().get(board(a))).text)
    expect(rowOf(main, a.departments.radiology.id)).toEqual(['放射科', '样本不足', '9'])
    expect(rowOf(main, a.departments.cardiology.id)?.[1]).toBe('90.0')

    // Raised to 11: cardiology's 10 are now too few as well.
    await t.ctx.db.update(organizations).set({ boardSettings: { publicBoard: true, minResponses: 11 } }).where(eq(organizations.id, a.organization.id))
    try {
      const stricter = mainOf((await visitor().get(board(a))).text)
      expect(rowOf(stricter, a.departments.cardiology.id)).toEqual(['心血管内科', '样本不足', '10'])
      expect(stricter).toContain('少于 11 份')
    } finally {
      await t.ctx.db.update(organizations).set({ boardSettings: { publicBoard: true } }).where(eq(organizations.id, a.organization.id))
    }
  })

  it('publishes patients’ answers only, not staff satisfaction', async () => {
    clock.set(AFTER_MIDNIGHT_SHANGHAI)
    const main = mainOf((await visitor().get(board(a))).text)
    expect(rowOf(main, a.departments.patientService.id)).toEqual(['患者服务部', '80.0', '12'])
  })

  it('shows no personal data, no free text and no case numbers', async () => {
    clock.set(AFTER_MIDNIGHT_SHANGHAI)
    const html = (await visitor().get(board(a))).text
    for (const secret of ['王小明', '13800138000', '秘密投诉内容', 'HY-', a.users.staff.email, `staff ${a.organization.slug}`]) expect(html).not.toContain(secret)
  })

  it('speaks English with ?lang=en or an English browser, with English department names', async () => {
    clock.set(AFTER_MIDNIGHT_SHANGHAI)
    for (const res of [await visitor().get(board(a, '?lang=en')), await visitor('en-GB,en;q=0.9').get(board(a))]) {
      expect(res.status).toBe(200)
      const main = mainOf(res.text)
      expect(main).toContain('Patient satisfaction by department')
      expect(main).toContain('November 2026')
      expect(rowOf(main, a.departments.cardiology.id)).toEqual(['Cardiology', '90.0', '10'])
      expect(rowOf(main, a.departments.radiology.id)).toEqual(['Radiology', 'Too few responses', '9'])
    }
    // ?lang= wins over the browser.
    expect(mainOf((await visitor('en').get(board(a, '?lang=zh-CN'))).text)).toContain('各科室患者满意度')
  })

  it('picks the last full month in the hospital’s time zone, not in UTC', async () => {
    clock.set(BEFORE_MIDNIGHT_SHANGHAI)
    try {
      const main = mainOf((await visitor().get(board(a))).text)
      expect(main).toContain('data-board-month="2026-10-01"')
      expect(rowOf(main, a.departments.cardiology.id)).toEqual(['心血管内科', '70.0', '12'])
      expect(rowOf(main, a.departments.radiology.id)).toBeUndefined()
    } finally {
      clock.set(AFTER_MIDNIGHT_SHANGHAI)
    }
  })

  it('is not found when the hospital has not published it, exactly like an unknown hospital', async () => {
    clock.set(AFTER_MIDNIGHT_SHANGHAI)
    const hidden = await visitor().get(board(unpublished))
    const unknown = await visitor().get('/h/no-such-hospital/board')
    expect(hidden.status).toBe(404)
    expect(unknown.status).toBe(404)
    expect(mainOf(hidden.text)).toBe(mainOf(unknown.text))
    expect(hidden.text).not.toContain(unpublished.organization.name)
    expect(mainOf(hidden.text)).not.toContain('心血管内科')

    // Withdrawn by the admin: gone again.
    await setPublicBoardPublished(t.ctx.db, { organizationId: a.organization.id, published: false })
    try {
      expect((await visitor().get(board(a))).status).toBe(404)
    } finally {
      await setPublicBoardPublished(t.ctx.db, { organizationId: a.organization.id, published: true })
    }
  })
})
