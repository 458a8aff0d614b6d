import { randomBytes, randomUUID } from 'node:crypto'
import { formatCaseNumber } from '#app/domain/case-number.ts'
import {
  answersFor,
  between,
  CATEGORY_WEIGHTS,
  chance,
  complaintRatePer1000,
  countAround,
  daysInMonth,
  demoMonths,
  departmentMood,
  monthlyMean,
  pick,
  type Random,
  ratingAround,
  seededRandom,
  seedOf,
  weighted,
} from '#app/domain/demo-history.ts'
import { DEMO_COMPLAINTS, DEMO_PRAISE, DEMO_STAFF_NAMES, demoPersonName, demoPhone } from '#app/domain/demo-history-texts.ts'
import type { SurveyContent } from '#app/domain/survey-template.ts'
import { localDate, startOfLocalDay } from '#app/domain/working-calendar.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashToken } from '#app/lib/tokens.server.ts'
import type { Executor } from '#db/executor.ts'
import type { caseClocks, cases, patientEvents, submissions, surveyInvitations, surveyResponses, timelineEvents } from '#db/schema/index.ts'
import {
  findDemoCampaigns,
  insertDemoCampaigns,
  insertDemoCaseClocks,
  insertDemoCases,
  insertDemoInvitations,
  insertDemoPatientEvents,
  insertDemoResponses,
  insertDemoSubmissions,
  insertDemoTimelineEvents,
  listLatestKeyedTemplateVersions,
  listScopedStaff,
  reserveCaseSequences,
} from '#db/queries/demo-history.ts'
import { listDepartments } from '#db/queries/departments.ts'
import { insertMembership } from '#db/queries/memberships.ts'
import { findOrganizationById, findOrganizationBySlug } from '#db/queries/organizations.ts'
import { listTouchpoints } from '#db/queries/touchpoints.ts'
import { insertUser } from '#db/queries/users.ts'
import { rebuildRollups } from './board-rollups.server.ts'
import { demoComplaintCase } from './demo-complaint-case.server.ts'
import { installShippedTemplates } from './survey-templates.server.ts'

/**
 * The demo hospital's history (npm run db:seed -- --demo-months N): a year of plausible survey
 * responses, quick ratings, praise naming staff, complaint cases and imported visits, written
 * through the real tables in bulk, so every board shows real shapes on first start.
 * Deterministic for a given set of departments and clock (a fixed seed); idempotent: the demo
 * campaigns mark a seeded hospital, and a second run adds nothing.
 */
export const DEMO_MARKER = '演示数据 · '
/** The same seed, the same clock and the same departments give the same history. */
const DEMO_SEED = 'huiyin-demo-history'

export interface DemoHistoryResult {
  skipped: boolean
  months: number
  visits: number
  invitations: number
  responses: number
  quickRatings: number
  praise: number
  complaints: number
}

type Dept = { id: string; name: string; type: string; parentId: string | null; isParent: boolean }
type Template = { templateId: string; versionId: string; content: SurveyContent }

/** The demo hospital's history by its slug; null when there is no such hospital. */
export async function seedDemoHospitalHistory(ctx: AppContext, { slug, months }: { slug: string; months: number }) {
  const organization = await findOrganizationBySlug(ctx.db, slug)
  return organization ? seedDemoHistory(ctx, { organizationId: organization.id, months }) : null
}

export async function seedDemoHistory(ctx: AppContext, { organizationId, months }: { organizationId: string; months: number }): Promise<DemoHistoryResult> {
  const result: DemoHistoryResult = { skipped: false, months, visits: 0, invitations: 0, responses: 0, quickRatings: 0, praise: 0, complaints: 0 }
  if (!Number.isInteger(months) || months < 1 || months > 36) throw new Error('--demo-months must be a whole number from 1 to 36')
  const organization = await findOrganizationById(ctx.db, { organizationId })
  if (!organization) throw new Error('no such hospital')
  if ((await findDemoCampaigns(ctx.db, { organizationId, namePrefix: DEMO_MARKER })).length) return { ...result, skipped: true }

  const now = ctx.clock.now()
  const tz = organization.timeZone
  const random = seededRandom(seedOf(DEMO_SEED))

  await ctx.db.transaction(async (tx) => {
    await installShippedTemplates(tx, organizationId)
    const templates = new Map<string, Template>()
    for (const t of await listLatestKeyedTemplateVersions(tx, { organizationId })) if (t.key) templates.set(t.key, { templateId: t.templateId, versionId: t.versionId, content: t.content })
    const allDepartments = (await listDepartments(tx, { organizationId })).filter((d) => d.active)
    const parents = new Set(allDepartments.map((d) => d.parentId).filter(Boolean))
    const departments: Dept[] = allDepartments.map((d) => ({ id: d.id, name: d.name, type: d.type, parentId: d.parentId, isParent: parents.has(d.id) }))
    const patientService = departments.find((d) => d.type === 'patient_service')
    const touchpoints = (await listTouchpoints(tx, { organizationId })).map((r) => r.touchpoint).filter((t) => t.active)
    const staff = await ensureDemoStaff(tx, organizationId, organization.slug, departments, random)

    const campaignIds = await createDemoCampaigns(tx, organizationId, templates, now)
    const monthsList = demoMonths(localDate(now, tz).slice(0, 8) + '01', months)
    const moods = new Map(departments.map((d, i) => [d.id, departmentMood(random, i)]))

    const events: (typeof patientEvents.$inferInsert)[] = []
    const invitations: (typeof surveyInvitations.$inferInsert)[] = []
    const responses: (typeof surveyResponses.$inferInsert)[] = []
    const subs: (typeof submissions.$inferInsert)[] = []
    const caseRows: (typeof cases.$inferInsert)[] = []
    const clocks: (typeof caseClocks.$inferInsert)[] = []
    const timeline: (typeof timelineEvents.$inferInsert)[] = []

    // Local midnights, worked out once per day (time zone arithmetic is the slow part of generating).
    const midnights = new Map<string, number>()
    const midnight = (date: string) => midnights.get(date) ?? midnights.set(date, startOfLocalDay(date, tz).getTime()).get(date)!
    /** A moment in a local month (08:00–18:59), or null when it would be in the future. */
    const momentIn = (month: string, day = between(random, 1, daysInMonth(month))) => {
      const at = new Date(midnight(`${month.slice(0, 8)}${String(day).padStart(2, '0')}`) + (between(random, 8 * 60, 18 * 60 + 59) * 60 + between(random, 0, 59)) * 1000)
      return at < now ? at : null
    }
    const survey = (campaign: 'outpatient' | 'inpatient' | 'staff' | 'complaint_followup', opts: { at: Date; mean: number; departmentId: string | null; patientEventId?: string | null; caseId?: string | null; completes: boolean }) => {
      const template = templates.get(campaign)
      const campaignId = campaignIds.get(campaign)
      if (!template || !campaignId) return
      const invitationId = randomUUID()
      const sendAt = opts.at
      const completedAt = new Date(sendAt.getTime() + between(random, 10, 30 * 60) * 60_000)
      const completed = opts.completes && completedAt < now
      const expiresAt = new Date(sendAt.getTime() + 7 * 24 * 3600_000)
      const person = demoPersonName(random)
      const staffSurvey = campaign === 'staff'
      invitations.push({
        id: invitationId,
        organizationId,
        campaignId,
        templateVersionId: template.versionId,
        patientEventId: opts.patientEventId ?? null,
        caseId: opts.caseId ?? null,
        personKey: null,
        recipientName: person,
        phone: staffSurvey ? null : demoPhone(random),
        email: staffSurvey ? `demo-${invitationId.slice(0, 8)}@staff.demo.huiyin.local` : null,
        locale: 'zh-CN',
        departmentId: opts.departmentId,
        channel: staffSurvey ? 'email' : 'sms',
        tokenHash: hashToken(randomBytes(24).toString('base64url')),
        status: completed ? 'completed' : expiresAt < now ? 'expired' : 'delivered',
        sendAt,
        sentAt: sendAt,
        deliveredAt: new Date(sendAt.getTime() + 60_000),
        openedAt: completed ? new Date(completedAt.getTime() - 5 * 60_000) : null,
        completedAt: completed ? completedAt : null,
        expiresAt,
        attempts: 1,
        createdAt: sendAt,
        updatedAt: completed ? completedAt : sendAt,
      })
      result.invitations++
      if (!completed) return
      responses.push({ organizationId, invitationId, templateVersionId: template.versionId, answers: answersFor(random, template.content, opts.mean), wantsContact: false, completedAt, createdAt: completedAt, updatedAt: completedAt })
      result.responses++
    }

    for (const [monthIndex, month] of monthsList.entries()) {
      const calendarMonth = Number(month.slice(5, 7))
      const yearMonth = month.slice(0, 7).replace('-', '')
      const monthCases: { at: Date; dept: Dept; mean: number }[] = []
      const monthPraise: { at: Date; dept: Dept; mean: number }[] = []

      for (const dept of departments) {
        const mean = monthlyMean(moods.get(dept.id)!, monthIndex, calendarMonth)
        const size = dept.isParent ? 0.3 : 0.7 + random() * 0.6
        const clinical = dept.type === 'clinical'
        const seesPatients = clinical || dept.type === 'medical_technical'

        // Imported visits and discharges (patient_events), the denominators of complaint rates.
        const visitEvents: { id: string; at: Date }[] = []
        const dischargeEvents: { id: string; at: Date }[] = []
        if (seesPatients) {
          const visits = countAround(random, (clinical ? 450 : 300) * size)
          const discharges = clinical ? countAround(random, 60 * size) : 0
          for (let i = 0; i < visits + discharges; i++) {
            const at = momentIn(month)
            if (!at) continue
            const id = randomUUID()
            const type = i < visits ? 'visit' : 'discharge'
            events.push({ id, organizationId, type, externalId: `demo-${id}`, source: 'csv', patientName: demoPersonName(random), phone: demoPhone(random), departmentId: dept.id, occurredAt: at, locale: 'zh-CN', createdAt: at })
            ;(type === 'visit' ? visitEvents : dischargeEvents).push({ id, at })
            result.visits++
          }
          // Follow-up surveys: a share of visits and most discharges are invited; about 60% answer.
          const outpatient = Math.min(visitEvents.length, countAround(random, 40 * size))
          for (const e of visitEvents.slice(0, outpatient)) survey('outpatient', { at: new Date(e.at.getTime() + 24 * 3600_000), mean, departmentId: dept.id, patientEventId: e.id, completes: chance(random, 0.6) })
          if (clinical) {
            const inpatient = Math.min(dischargeEvents.length, countAround(random, 32 * size))
            for (const e of dischargeEvents.slice(0, inpatient)) survey('inpatient', { at: new Date(e.at.getTime() + 3 * 24 * 3600_000), mean: mean + 0.1, departmentId: dept.id, patientEventId: e.id, completes: chance(random, 0.6) })
          }
        }
        // Staff satisfaction, once a quarter, every department.
        if (calendarMonth % 3 === 0) {
          const staffMean = 3.6 + (mean - 4) * 0.5
          for (let i = countAround(random, 8 * Math.max(size, 0.5)); i > 0; i--) {
            const at = momentIn(month, between(random, 5, 20))
            if (at) survey('staff', { at, mean: staffMean, departmentId: dept.id, completes: chance(random, 0.7) })
          }
        }
        // Complaints and praise, in proportion to the department's traffic and mood.
        const traffic = seesPatients ? visitEvents.length : 150
        for (let i = countAround(random, (traffic * complaintRatePer1000(mean)) / 1000); i > 0; i--) {
          const at = momentIn(month)
          if (at) monthCases.push({ at, dept, mean })
        }
        for (let i = countAround(random, Math.max(0.3, (traffic / 1000) * (mean - 3.2) * 6)); i > 0; i--) {
          const at = momentIn(month)
          if (at) monthPraise.push({ at, dept, mean })
        }
      }

      // Quick ratings at each touchpoint (one tap, anonymous, no number).
      for (const tp of touchpoints) {
        const mean = monthlyMean(moods.get(tp.departmentId) ?? { base: 4.1, trend: 0 }, monthIndex, calendarMonth)
        for (let i = countAround(random, 60); i > 0; i--) {
          const at = momentIn(month)
          if (!at) continue
          subs.push({ organizationId, number: null, kind: 'rating', channel: 'qr', text: '', rating: ratingAround(random, mean), touchpointId: tp.id, departmentId: tp.departmentId, locale: 'zh-CN', receivedAt: at, createdAt: at })
          result.quickRatings++
        }
      }

      // Numbers for praise and complaints: one block of this month's sequence, in time order.
      const numbered = [...monthCases.map((c) => ({ ...c, kind: 'complaint' as const })), ...monthPraise.map((p) => ({ ...p, kind: 'praise' as const }))].sort((a, b) => a.at.getTime() - b.at.getTime())
      if (!numbered.length) continue
      let sequence = await reserveCaseSequences(tx, { organizationId, yearMonth, count: numbered.length })
      for (const item of numbered) {
        const number = formatCaseNumber(yearMonth, sequence++)
        const deptTouchpoints = touchpoints.filter((t) => t.departmentId === item.dept.id)
        const touchpoint = deptTouchpoints.length && chance(random, 0.4) ? pick(random, deptTouchpoints) : null
        const submissionId = randomUUID()
        if (item.kind === 'praise') {
          const people = staff.filter((s) => s.departmentId === item.dept.id)
          const praised = people.length && chance(random, 0.75) ? pick(random, people) : null
          subs.push({
            id: submissionId,
            organizationId,
            number,
            kind: 'praise',
            channel: touchpoint ? 'qr' : 'web',
            text: pick(random, DEMO_PRAISE),
            touchpointId: touchpoint?.id ?? null,
            departmentId: item.dept.id,
            praisedStaffName: praised?.name ?? pick(random, ['护士长', '值班医生', '窗口工作人员']),
            praisedUserId: praised?.userId ?? null,
            locale: 'zh-CN',
            receivedAt: item.at,
            createdAt: item.at,
          })
          timeline.push({ organizationId, submissionId, caseId: null, type: 'received', visibleToPatient: true, channel: touchpoint ? 'qr' : 'web', createdAt: item.at })
          result.praise++
          continue
        }
        const category = weighted(random, CATEGORY_WEIGHTS)
        const channel = touchpoint ? 'qr' : chance(random, 0.75) ? 'web' : 'sms'
        const firstDepartmentId = touchpoint ? item.dept.id : (patientService?.id ?? item.dept.id)
        subs.push({
          id: submissionId,
          organizationId,
          number,
          kind: 'complaint',
          channel,
          text: pick(random, DEMO_COMPLAINTS[category] ?? DEMO_COMPLAINTS.other!),
          category,
          touchpointId: touchpoint?.id ?? null,
          departmentId: item.dept.id,
          contactName: demoPersonName(random),
          contactPhone: demoPhone(random),
          consentToContact: true,
          locale: 'zh-CN',
          receivedAt: item.at,
          createdAt: item.at,
        })
        const kase = demoComplaintCase(random, { organizationId, submissionId, number, category, at: item.at, now, tz, slaSettings: organization.slaSettings, firstDepartmentId, dept: item.dept, mean: item.mean, staff })
        caseRows.push(kase.row)
        clocks.push(...kase.clocks)
        timeline.push({ organizationId, submissionId, caseId: kase.row.id!, type: 'received', visibleToPatient: true, channel, createdAt: item.at })
        result.complaints++
        // Half of the closed complaints get the post-complaint survey.
        if (kase.row.closedAt && chance(random, 0.5)) {
          survey('complaint_followup', { at: new Date(kase.row.closedAt.getTime() + 24 * 3600_000), mean: kase.row.valid ? 3.3 : 4.0, departmentId: item.dept.id, caseId: kase.row.id!, completes: chance(random, 0.55) })
        }
      }
    }

    // In foreign-key order: invitations point at events and cases.
    await insertDemoPatientEvents(tx, { organizationId, rows: events })
    await insertDemoSubmissions(tx, { organizationId, rows: subs })
    await insertDemoCases(tx, { organizationId, rows: caseRows })
    await insertDemoCaseClocks(tx, { organizationId, rows: clocks })
    await insertDemoTimelineEvents(tx, { organizationId, rows: timeline })
    await insertDemoInvitations(tx, { organizationId, rows: invitations })
    await insertDemoResponses(tx, { organizationId, rows: responses })
  })

  // The rows above went in bulk, past the paths that mark rollups dirty: recompute the boards from them.
  await rebuildRollups(ctx, organizationId)
  return result
}

/** Staff users to praise and to attribute complaints to: the hospital's own, plus a few demo ones per clinical department. */
async function ensureDemoStaff(tx: Executor, organizationId: string, slug: string, departments: Dept[], random: Random) {
  const staff = await listScopedStaff(tx, { organizationId })
  let n = 0
  for (const dept of departments) {
    if (dept.isParent || !['clinical', 'medical_technical', 'patient_service'].includes(dept.type)) continue
    const have = staff.filter((s) => s.departmentId === dept.id).length
    for (let i = have; i < 2; i++) {
      const name = DEMO_STAFF_NAMES[(n + between(random, 0, 3)) % DEMO_STAFF_NAMES.length]!
      const user = await insertUser(tx, { email: `demo.staff.${++n}.${slug}@demo.huiyin.local`, name, passwordHash: null, locale: null })
      await insertMembership(tx, { organizationId, userId: user.id, role: 'staff', departmentIds: [dept.id] })
      staff.push({ userId: user.id, name, departmentId: dept.id })
    }
  }
  return staff
}

/** The demo campaigns (stopped: they invite nobody new); their names mark the hospital as seeded. */
async function createDemoCampaigns(tx: Executor, organizationId: string, templates: Map<string, Template>, now: Date) {
  const plan = [
    { key: 'outpatient', name: '门诊患者回访', trigger: 'visit', delayMinutes: 24 * 60 },
    { key: 'inpatient', name: '出院患者回访', trigger: 'discharge', delayMinutes: 3 * 24 * 60 },
    { key: 'staff', name: '员工满意度季度调查', trigger: 'manual', delayMinutes: 0 },
    { key: 'complaint_followup', name: '投诉处理满意度回访', trigger: 'case_closed', delayMinutes: 24 * 60 },
  ] as const
  const ids = new Map<string, string>()
  const rows = plan.flatMap((p) => {
    const template = templates.get(p.key)
    if (!template) return []
    const id = randomUUID()
    ids.set(p.key, id)
    return [
      {
        id,
        organizationId,
        name: `${DEMO_MARKER}${p.name}`,
        templateId: template.templateId,
        templateVersionId: template.versionId,
        trigger: p.trigger,
        channelPreference: p.key === 'staff' ? ('email' as const) : ('sms_then_email' as const),
        delayMinutes: p.delayMinutes,
        allowedFrom: '09:00',
        allowedUntil: '20:00',
        reminderAfterMinutes: 2 * 24 * 60,
        expiryMinutes: 7 * 24 * 60,
        frequencyCapDays: 30,
        status: 'stopped' as const,
        startedAt: now,
        stoppedAt: now,
        createdAt: now,
        updatedAt: now,
      },
    ]
  })
  await insertDemoCampaigns(tx, { organizationId, rows })
  return ids
}

