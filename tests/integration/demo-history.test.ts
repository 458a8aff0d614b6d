import { and, count, eq, isNotNull, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CASE_NUMBER_PATTERN } from '#app/domain/case-number.ts'
import { seedDemoHistory } from '#app/services/demo-history.server.ts'
import { boardRollups, caseClocks, cases, patientEvents, submissions, surveyInvitations, surveyResponses } from '#db/schema/index.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'

const clock = testClock(new Date('2026-11-20T03:00:00Z')) // 20 November, 11:00 in Shanghai
let t: TestContext
let h: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  h = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

async function tally(organizationId: string) {
  const of = <T extends typeof patientEvents | typeof surveyInvitations | typeof surveyResponses | typeof cases>(table: T) =>
    t.ctx.db
      .select({ n: count() })
      .from(table as typeof cases)
      .where(eq((table as typeof cases).organizationId, organizationId))
      .then(([r]) => r!.n)
  const kinds = await t.ctx.db.select({ kind: submissions.kind, n: count() }).from(submissions).where(eq(submissions.organizationId, organizationId)).groupBy(submissions.kind)
  return {
    visits: await of(patientEvents),
    invitations: await of(surveyInvitations),
    responses: await of(surveyResponses),
    cases: await of(cases),
    submissions: Object.fromEntries(kinds.map((k) => [k.kind, k.n])),
  }
}

describe('demo history', () => {
  it('fills two months and this one with plausible responses, ratings, praise, complaints and visits', async () => {
    const started = Date.now()
    const result = await seedDemoHistory(t.ctx, { organizationId: h.organization.id, months: 2 })
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(result.skipped).toBe(false)
    const orgId = h.organization.id
    const counts = await tally(orgId)
    expect(counts).toMatchObject({ visits: result.visits, invitations: result.invitations, responses: result.responses, cases: result.complaints })

    // Two clinical-sized departments over ~2.6 months: hundreds of visits, tens of answers.
    expect(counts.visits).toBeGreaterThan(500)
    expect(counts.visits).toBeLessThan(5000)
    expect(counts.responses).toBeGreaterThan(40)
    expect(counts.responses).toBeLessThan(counts.invitations)
    expect(counts.submissions.rating).toBeGreaterThan(60)
    expect(counts.submissions.praise).toBeGreaterThan(0)
    expect(counts.submissions.complaint).toBe(counts.cases)
    expect(counts.cases).toBeGreaterThan(0)
    expect((counts.cases / counts.visits) * 1000).toBeLessThan(10)

    // Ratings lean towards satisfied, as real surveys do, but not all 5s.
    const [ratings] = await t.ctx.db.execute<{ mean: string; low: string; total: string }>(sql`
      select avg((a.value->>'value')::int) as mean, count(*) filter (where (a.value->>'value')::int <= 2) as low, count(*) as total
      from survey_responses r, jsonb_each(r.answers) a
      where r.organization_id = ${orgId} and a.value->>'type' = 'rating'`)
    expect(Number(ratings!.mean)).toBeGreaterThan(3.3)
    expect(Number(ratings!.mean)).toBeLessThan(4.8)
    expect(Number(ratings!.low)).toBeGreaterThan(0)

    // Every response is to a completed invitation of one of the shipped templates' versions.
    const [orphans] = await t.ctx.db.execute<{ n: string }>(sql`
      select count(*) as n from survey_responses r join survey_invitations i on i.id = r.invitation_id
      where r.organization_id = ${orgId} and (i.status <> 'completed' or i.completed_at is null or r.template_version_id <> i.template_version_id)`)
    expect(Number(orphans!.n)).toBe(0)

    // Praise names staff users; complaint cases carry unique numbers of their local month.
    const praisedUsers = await t.ctx.db.select({ n: count() }).from(submissions).where(and(eq(submissions.organizationId, orgId), eq(submissions.kind, 'praise'), isNotNull(submissions.praisedUserId)))
    expect(praisedUsers[0]!.n).toBeGreaterThan(0)
    const numbered = await t.ctx.db.select({ number: submissions.number, receivedAt: submissions.receivedAt }).from(submissions).where(and(eq(submissions.organizationId, orgId), isNotNull(submissions.number)))
    expect(new Set(numbered.map((s) => s.number)).size).toBe(numbered.length)
    for (const s of numbered) {
      expect(s.number).toMatch(CASE_NUMBER_PATTERN)
      const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(s.receivedAt).replace('-', '')
      expect(s.number!.slice(3, 9)).toBe(local)
    }

    // Cases: answered on time or late, closed as resolved, some valid with attribution; nothing in the future.
    const caseRows = await t.ctx.db.select().from(cases).where(eq(cases.organizationId, orgId))
    const closed = caseRows.filter((c) => c.status === 'closed')
    expect(closed.length).toBeGreaterThan(0)
    for (const c of closed) {
      expect(c.resolution).not.toBeNull()
      expect(c.answeredAt!.getTime()).toBeLessThanOrEqual(c.closedAt!.getTime())
      expect(c.closedAt!.getTime()).toBeLessThanOrEqual(clock.now().getTime())
      if (c.valid) expect(c.attributedDepartmentId).not.toBeNull()
    }
    const clocks = await t.ctx.db.select().from(caseClocks).where(eq(caseClocks.organizationId, orgId))
    expect(clocks.filter((c) => c.kind === 'answer')).toHaveLength(caseRows.length)
    // The boards were rebuilt from these rows: the month rollups hold every answered survey and case.
    const [rolled] = await t.ctx.db
      .select({ responses: sql<number>`sum(${boardRollups.responses})`.mapWith(Number), complaints: sql<number>`sum(${boardRollups.complaints})`.mapWith(Number) })
      .from(boardRollups)
      .where(and(eq(boardRollups.organizationId, orgId), eq(boardRollups.period, 'month')))
    expect(rolled).toEqual({ responses: counts.responses, complaints: counts.cases })

    const [latest] = await t.ctx.db.select({ at: sql<Date>`max(${patientEvents.occurredAt})` }).from(patientEvents).where(eq(patientEvents.organizationId, orgId))
    expect(new Date(latest!.at).getTime()).toBeLessThan(clock.now().getTime())
  })

  it('adds nothing when run a second time', async () => {
    const before = await tally(h.organization.id)
    const again = await seedDemoHistory(t.ctx, { organizationId: h.organization.id, months: 2 })
    expect(again.skipped).toBe(true)
    expect(await tally(h.organization.id)).toEqual(before)
  })


  it('makes the same history for the same departments and clock', async () => {
    const [x, y] = [await createHospitalWithStaff(t.ctx), await createHospitalWithStaff(t.ctx)]
    const [rx, ry] = [await seedDemoHistory(t.ctx, { organizationId: x.organization.id, months: 1 }), await seedDemoHistory(t.ctx, { organizationId: y.organization.id, months: 1 })]
    expect(rx).toEqual(ry)
    const shape = (organizationId: string) =>
      t.ctx.db
        .select({ kind: submissions.kind, rating: submissions.rating, number: submissions.number, receivedAt: submissions.receivedAt })
        .from(submissions)
        .where(eq(submissions.organizationId, organizationId))
        .orderBy(submissions.receivedAt, submissions.kind, submissions.rating)
    expect(await shape(y.organization.id)).toEqual(await shape(x.organization.id))
  })
})
