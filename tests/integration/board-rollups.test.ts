import { randomBytes } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emptyFigures, localDay, type RollupFigures } from '#app/domain/board-figures.ts'
import { CASE_STATUSES } from '#app/domain/case-status.ts'
import type { SurveyTemplateContent } from '#app/domain/survey-template.ts'
import { startOfLocalDay } from '#app/domain/working-calendar.ts'
import { markRollupsDirtyFor, rebuildRollups, refreshDirtyRollups } from '#app/services/board-rollups.server.ts'
import { performCaseAction } from '#app/services/case-actions.server.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { respondToSurvey } from '#app/services/survey-response.server.ts'
import { countDirtyKeys, listRollups, type RollupRow } from '#db/queries/board-rollups.ts'
import { insertDepartment } from '#db/queries/departments.ts'
import { insertTouchpoint } from '#db/queries/touchpoints.ts'
import {
  caseClocks,
  cases,
  NO_KEY,
  organizations,
  patientEvents,
  submissions,
  surveyCampaigns,
  surveyInvitations,
  surveyResponses,
  surveyTemplates,
  surveyTemplateVersions,
} from '#db/schema/index.ts'
import { refreshBoardRollupsJob } from '#workers/jobs/refresh-board-rollups.ts'
import type { WorkerDeps } from '#workers/jobs/types.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { eventually } from '#tests/helpers/eventually.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { createSurveyInvitation } from '#tests/helpers/surveys.ts'
import { newPublicCode } from '#app/lib/public-code.server.ts'

const clock = testClock(new Date('2026-03-16T02:00:00Z'))
let t: TestContext
beforeAll(() => {
  t = createTestContext({ clock })
})
afterAll(() => t.close())

// --- A seeded PRNG (mulberry32), so a failing seed can be replayed ---
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let r = Math.imul(a ^ (a >>> 15), 1 | a)
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  return { next, int, chance: (p: number) => next() < p, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! }
}
type Rng = ReturnType<typeof prng>

const MONTHS = ['2026-01', '2026-02', '2026-03']
const MINUTE = 60_000

/** A random instant in the three months, half of them within ten minutes of a local midnight (month ends included). */
function randomInstant(rng: Rng, timeZone: string): Date {
  const month = rng.pick(MONTHS)
  const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate()
  const day = rng.chance(0.3) ? rng.pick([1, days]) : 1 + rng.int(days)
  const date = `${month}-${String(day).padStart(2, '0')}`
  const midnight = startOfLocalDay(date, timeZone).getTime()
  if (rng.chance(0.5)) return new Date(midnight + (rng.int(21) - 10) * MINUTE + rng.int(60) * 1000)
  return new Date(midnight + rng.int(24 * 60) * MINUTE)
}

// --- The from-scratch computation over raw rows, written independently of the SQL ---

type Figures = RollupFigures & { period: 'month' | 'day'; periodStart: string; departmentKey: string; touchpointKey: string }

function naiveRollups(
  timeZone: string,
  raw: {
    responses: { answers: unknown; completedAt: Date | null; departmentId: string | null; touchpointId: string | null; templateKey: string | null; content: SurveyTemplateContent }[]
    submissions: { kind: string; rating: number | null; departmentId: string | null; touchpointId: string | null; receivedAt: Date }[]
    cases: {
      departmentId: string | null
      touchpointId: string | null
      openedAt: Date
      valid: boolean | null
      answeredAt: Date | null
      answerDueAt: Date
      status: string
      resolution: string | null
      firstContact: { stoppedAt: Date | null; dueAt: Date | null } | null
    }[]
    events: { departmentId: string | null; touchpointId: string | null; occurredAt: Date }[]
  },
): Figures[] {
  const byKey = new Map<string, Figures>()
  const add = (at: Date, departmentId: string | null, touchpointId: string | null, apply: (f: Figures) => void) => {
    const day = localDay(at, timeZone)
    for (const [period, periodStart] of [
      ['day', day],
      ['month', `${day.slice(0, 7)}-01`],
    ] as const) {
      const departmentKey = departmentId ?? NO_KEY
      const touchpointKey = touchpointId ?? NO_KEY
      const key = [period, periodStart, departmentKey, touchpointKey].join('|')
      let f = byKey.get(key)
      if (!f) byKey.set(key, (f = { ...emptyFigures(), period, periodStart, departmentKey, touchpointKey }))
      apply(f)
    }
  }
  for (const r of raw.responses) {
    if (!r.completedAt) continue
    const ratings: { value: number; dimension: string }[] = []
    const npsValues: number[] = []
    for (const [questionId, answer] of Object.entries(r.answers as Record<string, { type: string; value: unknown }>)) {
      const question = r.content.questions.find((q) => q.id === questionId)
      if (!question || question.type !== answer.type || typeof answer.value !== 'number' || !Number.isInteger(answer.value)) continue
      if (answer.type === 'rating' && answer.value >= 1 && answer.value <= 5) ratings.push({ value: answer.value, dimension: question.dimension })
      if (answer.type === 'nps' && answer.value >= 0 && answer.value <= 10) npsValues.push(answer.value)
    }
    const sum = ratings.reduce((s, x) => s + x.value, 0)
    const audience = r.templateKey ?? 'custom'
    add(r.completedAt, r.departmentId, r.touchpointId, (f) => {
      f.responses += 1
      f.ratingSum += sum
      f.ratingCount += ratings.length
      for (const x of ratings) {
        const d = (f.dimensions[x.dimension] ??= { sum: 0, count: 0 })
        d.sum += x.value
        d.count += 1
      }
      const a = (f.audiences[audience] ??= { sum: 0, count: 0, responses: 0 })
      a.sum += sum
      a.count += ratings.length
      a.responses += 1
      f.npsCount += npsValues.length
      f.npsPromoters += npsValues.filter((v) => v >= 9).length
      f.npsDetractors += npsValues.filter((v) => v <= 6).length
      if (audience === 'complaint_followup') {
        f.complainantsAnswered += 1
        if (ratings.length > 0 && sum / ratings.length >= 4) f.complainantsSatisfied += 1
      }
    })
  }
  for (const s of raw.submissions) {
    if (s.kind === 'rating' && s.rating !== null && s.rating >= 1 && s.rating <= 5)
      add(s.receivedAt, s.departmentId, s.touchpointId, (f) => {
        f.quickRatings += 1
        f.quickRatingSum += s.rating!
      })
    if (s.kind === 'praise') add(s.receivedAt, s.departmentId, s.touchpointId, (f) => void (f.praise += 1))
  }
  for (const c of raw.cases) {
    add(c.openedAt, c.departmentId, c.touchpointId, (f) => {
      f.complaints += 1
      if (c.valid) f.validComplaints += 1
      if (c.answeredAt && c.answeredAt <= c.answerDueAt) f.answeredOnTime += 1
      if (c.answeredAt && c.answeredAt > c.answerDueAt) f.answeredLate += 1
      if (c.status === 'closed') f.casesClosed += 1
      if (c.status === 'closed' && c.resolution) f.casesResolved += 1
      if (c.firstContact?.stoppedAt) {
        f.firstContactClocks += 1
        if (!c.firstContact.dueAt || c.firstContact.stoppedAt <= c.firstContact.dueAt) f.firstContactOnTime += 1
      }
    })
  }
  for (const e of raw.events) add(e.occurredAt, e.departmentId, e.touchpointId, (f) => void (f.visits += 1))
  return sortRows([...byKey.values()])
}

const keyOf = (r: Pick<Figures, 'period' | 'periodStart' | 'departmentKey' | 'touchpointKey'>) => [r.period, r.periodStart, r.departmentKey, r.touchpointKey].join('|')
const sortRows = <T extends Figures>(rows: T[]) => rows.sort((a, b) => keyOf(a).localeCompare(keyOf(b)))
function comparable(rows: RollupRow[]): Figures[] {
  return sortRows(rows.map(({ organizationId: _o, updatedAt: _u, ...row }) => row))
}

/** Reads the hospital's raw rows back and computes the rollups the naive way. */
async function naiveFromDatabase(organizationId: string, timeZone: string) {
  const db = t.ctx.db
  const responseRows = await db
    .select({ r: surveyResponses, i: surveyInvitations, v: surveyTemplateVersions, key: surveyTemplates.key })
    .from(surveyResponses)
    .innerJoin(surveyInvitations, eq(surveyInvitations.id, surveyResponses.invitationId))
    .innerJoin(surveyTemplateVersions, eq(surveyTemplateVersions.id, surveyResponses.templateVersionId))
    .innerJoin(surveyTemplates, eq(surveyTemplates.id, surveyTemplateVersions.templateId))
    .where(eq(surveyResponses.organizationId, organizationId))
  const events = await db.select().from(patientEvents).where(eq(patientEvents.organizationId, organizationId))
  const eventById = new Map(events.map((e) => [e.id, e]))
  const subs = await db.select().from(submissions).where(eq(submissions.organizationId, organizationId))
  const subById = new Map(subs.map((s) => [s.id, s]))
  const caseRows = await db.select().from(cases).where(eq(cases.organizationId, organizationId))
  const clocks = await db
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.organizationId, organizationId), eq(caseClocks.kind, 'first_contact')))
  return naiveRollups(timeZone, {
    responses: responseRows.map(({ r, i, v, key }) => ({
      answers: r.answers,
      completedAt: r.completedAt,
      departmentId: i.departmentId,
      touchpointId: i.patientEventId ? (eventById.get(i.patientEventId)?.touchpointId ?? null) : null,
      templateKey: key,
      content: v.content,
    })),
    submissions: subs,
    cases: caseRows.map((c) => {
      const s = subById.get(c.submissionId)!
      const fc = clocks.find((k) => k.caseId === c.id && k.departmentId === null)
      return {
        departmentId: c.attributedDepartmentId ?? s.departmentId ?? c.firstResponsibleDepartmentId,
        touchpointId: s.touchpointId,
        openedAt: c.openedAt,
        valid: c.valid,
        answeredAt: c.answeredAt,
        answerDueAt: c.answerDueAt,
        status: c.status,
        resolution: c.resolution,
        firstContact: fc ? { stoppedAt: fc.stoppedAt, dueAt: fc.dueAt } : null,
      }
    }),
    events,
  })
}

/** Refreshes until the hospital's rollups equal the naive figures (another test file's worker may hold a key briefly). */
async function expectRollupsMatchRaw(organizationId: string, timeZone: string) {
  const expected = await naiveFromDatabase(organizationId, timeZone)
  expect(expected.length).toBeGreaterThan(0)
  const seen = await eventually(
    async () => {
      await refreshDirtyRollups(t.ctx)
      return comparable(await listRollups(t.ctx.db, { organizationId }))
    },
    (rows) => isDeepStrictEqual(rows, expected),
    'rollups equal to the naive computation',
    5_000,
  ).catch(async () => comparable(await listRollups(t.ctx.db, { organizationId })))
  expect(seen).toEqual(expected)
  return expected
}

// --- Random raw data ---

async function randomHospital(seed: number, timeZone: string) {
  const rng = prng(seed)
  const h = await createHospitalWithStaff(t.ctx)
  const org = h.organization.id
  const db = t.ctx.db
  await db.update(organizations).set({ timeZone }).where(eq(organizations.id, org))
  const extra = []
  for (const name of ['眼科', '儿科']) extra.push(await insertDepartment(db, { organizationId: org, name, nameEn: name, type: 'clinical' }))
  const departments = [h.departments.cardiology, h.departments.radiology, h.departments.patientService, ...extra]
  const touchpoints = [h.touchpoint]
  for (const d of [h.departments.radiology, extra[0]!]) touchpoints.push(await insertTouchpoint(db, { organizationId: org, departmentId: d.id, name: `窗口 ${seed}`, publicCode: newPublicCode(8) }))
  const dept = () => (rng.chance(0.1) ? null : rng.pick(departments).id)
  const tp = () => (rng.chance(0.4) ? null : rng.pick(touchpoints).id)

  // Visits and discharges.
  const events = await db
    .insert(patientEvents)
    .values(
      Array.from({ length: 120 }, (_, i) => ({
        organizationId: org,
        type: rng.pick(['visit', 'discharge'] as const),
        externalId: `e-${seed}-${i}`,
        source: 'api',
        departmentId: dept(),
        touchpointId: tp(),
        occurredAt: randomInstant(rng, timeZone),
        locale: 'zh-CN' as const,
      })),
    )
    .returning()

  // Survey templates: the shipped ones (keys) and a custom one (no key).
  const custom = await db.insert(surveyTemplates).values({ organizationId: org, name: '自定义问卷' }).returning()
  const outpatient = (await db.select().from(surveyTemplates).where(and(eq(surveyTemplates.organizationId, org), eq(surveyTemplates.key, 'outpatient'))))[0]!
  await db.insert(surveyTemplateVersions).values({ organizationId: org, templateId: custom[0]!.id, version: 1, content: (await versionsOf([outpatient.id]))[0]!.content })
  const templates = await db.select().from(surveyTemplates).where(eq(surveyTemplates.organizationId, org))
  const versions = await versionsOf(templates.map((x) => x.id))
  const campaigns = new Map<string, string>()
  for (const v of versions) {
    const [c] = await db
      .insert(surveyCampaigns)
      .values({
        organizationId: org,
        name: `回访 ${v.id.slice(0, 6)}`,
        templateId: v.templateId,
        templateVersionId: v.id,
        trigger: 'manual',
        channelPreference: 'sms',
        delayMinutes: 0,
        allowedFrom: '09:00',
        allowedUntil: '20:00',
        expiryMinutes: 7 * 24 * 60,
        frequencyCapDays: 30,
        status: 'running',
      })
      .returning()
    campaigns.set(v.id, c!.id)
  }

  const invitationValues = Array.from({ length: 200 }, () => {
    const v = rng.pick(versions)
    const event = rng.chance(0.6) ? rng.pick(events) : null
    return {
      organizationId: org,
      campaignId: campaigns.get(v.id)!,
      templateVersionId: v.id,
      patientEventId: event?.id ?? null,
      locale: 'zh-CN' as const,
      departmentId: rng.chance(0.1) ? null : (event?.departmentId ?? dept()),
      tokenHash: randomBytes(16).toString('hex'),
      status: 'sent' as const,
      sendAt: clock.now(),
      expiresAt: clock.now(),
    }
  })
  // One invitation per (campaign, event): drop repeats.
  const seenPairs = new Set<string>()
  const invitations = await db
    .insert(surveyInvitations)
    .values(
      invitationValues.filter((i) => {
        if (!i.patientEventId) return true
        const k = `${i.campaignId}|${i.patientEventId}`
        if (seenPairs.has(k)) return false
        seenPairs.add(k)
        return true
      }),
    )
    .returning()
  const responses = await db
    .insert(surveyResponses)
    .values(
      invitations.map((inv) => ({
        organizationId: org,
        invitationId: inv.id,
        templateVersionId: inv.templateVersionId,
        answers: randomAnswers(rng, versions.find((v) => v.id === inv.templateVersionId)!.content),
        completedAt: rng.chance(0.9) ? randomInstant(rng, timeZone) : null,
      })),
    )
    .returning()

  // Quick ratings, praise, suggestions (counted nowhere) and complaints with their cases.
  const subs = await db
    .insert(submissions)
    .values(
      Array.from({ length: 260 }, (_, i) => {
        const kind = rng.pick(['rating', 'rating', 'praise', 'suggestion', 'complaint', 'complaint'] as const)
        return {
          organizationId: org,
          number: kind === 'rating' ? null : `HY-T${seed}-${i}`,
          kind,
          channel: 'qr' as const,
          rating: kind === 'rating' ? 1 + rng.int(5) : null,
          touchpointId: tp(),
          departmentId: dept(),
          locale: 'zh-CN' as const,
          receivedAt: randomInstant(rng, timeZone),
        }
      }),
    )
    .returning()
  const complaints = subs.filter((s) => s.kind === 'complaint')
  const caseRows = await db
    .insert(cases)
    .values(complaints.map((s) => randomCase(rng, org, s, departments.map((d) => d.id))))
    .returning()
  const clockRows = caseRows.filter(() => rng.chance(0.8)).map((c) => randomFirstContactClock(rng, org, c))
  if (clockRows.length) await db.insert(caseClocks).values(clockRows)

  // The hooks, as the services call them after each change.
  await db.transaction((tx) =>
    markRollupsDirtyFor(tx, org, {
      responseIds: responses.map((r) => r.id),
      submissionIds: subs.map((s) => s.id),
      caseIds: caseRows.map((c) => c.id),
      patientEventIds: events.map((e) => e.id),
    }),
  )
  return { hospital: h, rng, caseRows, departments }
}

async function versionsOf(templateIds: string[]) {
  return t.ctx.db.select().from(surveyTemplateVersions).where(inArray(surveyTemplateVersions.templateId, templateIds))
}

function randomAnswers(rng: Rng, content: SurveyTemplateContent): Record<string, unknown> {
  const answers: Record<string, unknown> = {}
  for (const q of content.questions) {
    if (rng.chance(0.2)) continue
    if (q.type === 'rating') answers[q.id] = rng.chance(0.03) ? { type: 'nps', value: 9 } : { type: 'rating', value: 1 + rng.int(5) }
    else if (q.type === 'nps') answers[q.id] = { type: 'nps', value: rng.int(11) }
    else if (q.type === 'single_choice') answers[q.id] = { type: 'single_choice', value: q.choices[0]!.id }
    else if (q.type === 'multiple_choice') answers[q.id] = { type: 'multiple_choice', value: [q.choices[0]!.id] }
    else answers[q.id] = { type: 'text', value: '还可以', ...(rng.chance(0.2) ? { complaint: true } : {}) }
  }
  // An answer to a question the version does not have counts nowhere.
  if (rng.chance(0.05)) answers.not_a_question = { type: 'rating', value: 5 }
  return answers
}

function randomCase(rng: Rng, organizationId: string, s: typeof submissions.$inferSelect, departmentIds: string[]) {
  const status = rng.pick(CASE_STATUSES)
  const answerDueAt = new Date(s.receivedAt.getTime() + (1 + rng.int(10)) * 24 * 3_600_000)
  const answeredAt = rng.chance(0.5) ? null : new Date(answerDueAt.getTime() + (rng.int(5) - 3) * 24 * 3_600_000)
  const valid = rng.pick([null, true, false])
  return {
    organizationId,
    submissionId: s.id,
    number: s.number!,
    status,
    firstResponsibleDepartmentId: rng.chance(0.2) ? null : rng.pick(departmentIds),
    answerDueAt: rng.chance(0.05) && answeredAt ? answeredAt : answerDueAt,
    answeredAt,
    openedAt: rng.chance(0.8) ? s.receivedAt : new Date(s.receivedAt.getTime() + rng.int(60) * MINUTE),
    valid,
    resolution: status === 'closed' && rng.chance(0.9) ? rng.pick(['on_the_spot', 'handled'] as const) : null,
    attributedDepartmentId: valid && rng.chance(0.8) ? rng.pick(departmentIds) : null,
  }
}

function randomFirstContactClock(rng: Rng, organizationId: string, c: typeof cases.$inferSelect) {
  const dueAt = rng.chance(0.1) ? null : new Date(c.openedAt.getTime() + 24 * 3_600_000)
  const stoppedAt = rng.chance(0.3) ? null : new Date(c.openedAt.getTime() + rng.int(48) * 3_600_000)
  return { organizationId, caseId: c.id, kind: 'first_contact' as const, startedAt: c.openedAt, durationMinutes: 24 * 60, stoppedAt, dueAt }
}

describe('board rollups', () => {
  for (const [seed, timeZone] of [
    [1, 'Asia/Shanghai'],
    [2, 'America/New_York'],
    [3, 'Asia/Kolkata'],
  ] as const) {
    it(`equal a from-scratch computation over random raw rows, incrementally and after a rebuild (seed ${seed}, ${timeZone})`, async () => {
      const { hospital, rng, caseRows, departments } = await randomHospital(seed, timeZone)
      const org = hospital.organization.id
      const expected = await expectRollupsMatchRaw(org, timeZone)
      expect(expected.some((r) => r.period === 'day') && expected.some((r) => r.period === 'month')).toBe(true)

      // Changes that move cases between keys, marked before and after as the case actions do.
      const changed = caseRows.filter(() => rng.chance(0.3))
      await t.ctx.db.transaction(async (tx) => {
        await markRollupsDirtyFor(tx, org, { caseIds: changed.map((c) => c.id) })
        for (const c of changed) {
          await tx
            .update(cases)
            .set({ valid: true, attributedDepartmentId: rng.pick(departments).id, status: 'closed', resolution: 'handled' })
            .where(eq(cases.id, c.id))
        }
        await markRollupsDirtyFor(tx, org, { caseIds: changed.map((c) => c.id) })
      })
      const afterChange = await expectRollupsMatchRaw(org, timeZone)

      await rebuildRollups(t.ctx, org)
      expect(comparable(await listRollups(t.ctx.db, { organizationId: org }))).toEqual(afterChange)
    }, 60_000)
  }

  describe('on a hospital changed through the services', () => {
    let h: TestHospital
    beforeAll(async () => {
      h = await createHospitalWithStaff(t.ctx)
    })
    const monthRow = async (departmentKey: string) =>
      (await listRollups(t.ctx.db, { organizationId: h.organization.id })).find(
        (r) => r.period === 'month' && r.periodStart === '2026-03-01' && r.departmentKey === departmentKey && r.touchpointKey === h.touchpoint.id,
      )

    it('moves a complaint to the department it is attributed to when it is closed as valid, and back when reopened', async () => {
      const received = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'complaint', channel: 'qr', touchpointId: h.touchpoint.id, text: '候诊太久', locale: 'zh-CN' })
      if (!received.ok) throw new Error(received.error)
      const caseId = received.receipt.caseId!
      await refreshDirtyRollups(t.ctx)
      expect(await monthRow(h.departments.cardiology.id)).toMatchObject({ complaints: 1, validComplaints: 0 })

      const ps = h.users.patient_service.id
      const act = async (action: unknown) => expect(await performCaseAction(t.ctx, { organizationId: h.organization.id, actorUserId: ps }, caseId, action)).toMatchObject({ ok: true })
      await act({ type: 'accept' })
      await act({ type: 'startInvestigation' })
      await act({ type: 'respond', answer: '已调整放射科排班，向您致歉。', via: 'phone' })
      await act({ type: 'close', finding: '放射科预约排班不足', valid: true, attributedDepartmentId: h.departments.radiology.id, remedy: '增加排班', answer: '已调整排班。' })
      await refreshDirtyRollups(t.ctx)
      expect(await monthRow(h.departments.cardiology.id)).toBeUndefined()
      expect(await monthRow(h.departments.radiology.id)).toMatchObject({
        complaints: 1,
        validComplaints: 1,
        answeredOnTime: 1,
        casesClosed: 1,
        casesResolved: 1,
        firstContactClocks: 1,
        firstContactOnTime: 1,
      })

      await act({ type: 'reopen', newInformation: '患者补充：排班仍未改善' })
      await refreshDirtyRollups(t.ctx)
      expect(await monthRow(h.departments.radiology.id)).toBeUndefined()
      expect(await monthRow(h.departments.cardiology.id)).toMatchObject({ complaints: 1, validComplaints: 0, casesClosed: 0 })
    })

    it('counts a survey answered on its page under the invitation’s key, with its ratings, NPS and audience', async () => {
      const { token } = await createSurveyInvitation(t.ctx, { organizationId: h.organization.id })
      const form = new FormData()
      form.set('intent', 'submit')
      form.set('doctor', '4')
      form.set('recommend', '10')
      expect(await respondToSurvey(t.ctx, token, form)).toMatchObject({ kind: 'completed' })
      await refreshDirtyRollups(t.ctx)
      const row = (await listRollups(t.ctx.db, { organizationId: h.organization.id })).find((r) => r.period === 'month' && r.departmentKey === NO_KEY && r.touchpointKey === NO_KEY)
      expect(row).toMatchObject({
        periodStart: '2026-03-01',
        responses: 1,
        ratingSum: 4,
        ratingCount: 1,
        npsCount: 1,
        npsPromoters: 1,
        dimensions: { doctor_communication: { sum: 4, count: 1 } },
        audiences: { custom: { sum: 4, count: 1, responses: 1 } },
      })
    })

    it('lets the rollup worker job drain the dirty keys a quick rating marked', async () => {
      const rated = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'rating', channel: 'qr', touchpointId: h.touchpoint.id, rating: 4, text: '', locale: 'zh-CN' })
      expect(rated.ok).toBe(true)
      await refreshBoardRollupsJob.handle({ ctx: t.ctx } as WorkerDeps, {}, { final: true })
      expect(await countDirtyKeys(t.ctx.db, { organizationId: h.organization.id })).toBe(0)
      expect(await monthRow(h.departments.cardiology.id)).toMatchObject({ quickRatings: 1, quickRatingSum: 4 })
    })
  })
})
