import { and, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Clock } from '#app/lib/clock.ts'
import { createLogger } from '#app/lib/logger.server.ts'
import { setCalendarDay } from '#app/services/calendar.server.ts'
import { performCaseAction } from '#app/services/case-actions.server.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { escalationJobId, fireClockEscalations, scheduleCaseEscalations, sweepDueEscalations } from '#app/services/sla-escalations.server.ts'
import { caseClocks, notifications, outboundMessages, timelineEvents } from '#db/schema/index.ts'
import { createJobQueue } from '#workers/enqueue.ts'
import { startWorkers } from '#workers/index.ts'
import { createBullQueue } from '#workers/queue-connection.ts'
import { createTransports } from '#workers/transports/index.ts'
import { eventually } from '#tests/helpers/eventually.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'

/**
 * A clock that runs with real time from a chosen instant (`setNow`), so BullMQ's real delays
 * line up with it, or stands still at one (`freeze`) so a case starts exactly then.
 */
function offsetClock(): Clock & { setNow(d: Date): void; freeze(d: Date): void } {
  let offset = 0
  let frozen: Date | null = null
  return {
    now: () => (frozen ? new Date(frozen) : new Date(Date.now() + offset)),
    setNow: (d) => {
      frozen = null
      offset = d.getTime() - Date.now()
    },
    freeze: (d) => void (frozen = d),
  }
}

// Monday 2026-03-02 10:00 in Shanghai: first contact (1 working day) warns at 75% = Tue 04:00,
// is due Tue 10:00 and escalates above when overdue Wed 10:00.
const RECEIVED = new Date('2026-03-02T02:00:00Z')
const WARN = new Date('2026-03-02T20:00:00Z')
const DUE = new Date('2026-03-03T02:00:00Z')
const OVERDUE = new Date('2026-03-04T02:00:00Z')

let t: TestContext
beforeAll(() => {
  t = createTestContext()
})
afterAll(() => t?.close())

interface Rig {
  ctx: AppContext
  clock: ReturnType<typeof offsetClock>
  h: TestHospital
  queue: ReturnType<typeof createBullQueue>
  startWorkers(): void
  close(): Promise<void>
}

const rigs: Rig[] = []
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close()
})

let rigCount = 0
/** A hospital, a clock and a queue prefix of its own (no other test's worker takes these jobs). */
async function rig(): Promise<Rig> {
  rigCount += 1
  const backend = { ...t.queueBackend, prefix: `${t.queueBackend.prefix}s${rigCount}` }
  const jobs = createJobQueue(backend)
  const clock = offsetClock()
  const ctx: AppContext = { ...t.ctx, jobs, clock, logger: createLogger('error') }
  const transports = createTransports(ctx.config)
  const queue = createBullQueue('sla', backend)
  const running: ReturnType<typeof startWorkers>[] = []
  const h = await createHospitalWithStaff(ctx)
  const r: Rig = {
    ctx,
    clock,
    h,
    queue,
    startWorkers: () => void running.push(startWorkers({ ctx, transports }, backend)),
    async close() {
      await Promise.all(running.map((w) => w.close()))
      await transports.email.close()
      await transports.sms.close()
      await queue.obliterate({ force: true })
      await queue.close()
      await jobs.close()
    },
  }
  rigs.push(r)
  return r
}

async function qrComplaint(r: Rig, at = RECEIVED) {
  r.clock.freeze(at)
  const result = await recordSubmission(r.ctx, {
    organizationId: r.h.organization.id,
    kind: 'complaint',
    channel: 'qr',
    touchpointId: r.h.touchpoint.id,
    text: '夜里按呼叫铃十分钟没人来',
    locale: 'zh-CN',
  })
  if (!result.ok) throw new Error(result.error)
  return result.receipt.caseId!
}

async function clockRow(r: Rig, caseId: string, kind: 'first_contact' | 'answer' | 'findings') {
  const [row] = await r.ctx.db
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.kind, kind)))
  return row!
}

/** When BullMQ will run a job, on the rig's clock (added-at plus delay, shifted like the clock), to the second. */
async function jobRunsAt(r: Rig, jobId: string): Promise<number | null> {
  const job = await r.queue.getJob(jobId)
  if (!job) return null
  const offset = r.clock.now().getTime() - Date.now()
  return Math.round((job.timestamp + (job.opts.delay ?? 0) + offset) / 1000) * 1000
}

const seconds = (d: Date | null) => (d ? Math.round(d.getTime() / 1000) : null)
const notificationsOf = (r: Rig, caseId: string) => r.ctx.db.select().from(notifications).where(eq(notifications.caseId, caseId))
const act = (r: Rig, role: keyof TestHospital['users'], caseId: string, action: unknown) =>
  performCaseAction(r.ctx, { organizationId: r.h.organization.id, actorUserId: r.h.users[role].id }, caseId, action)

describe('SLA escalation jobs', () => {
  it('schedules one job per running clock for its next milestone, under a fixed id', async () => {
    const r = await rig()
    const caseId = await qrComplaint(r)
    const first = await clockRow(r, caseId, 'first_contact')
    expect(first).toMatchObject({ warnAt: WARN, dueAt: DUE, overdueAt: OVERDUE, escalatedThrough: null, nextEscalationAt: WARN })
    expect(await jobRunsAt(r, escalationJobId(first.id, 'warn'))).toBe(WARN.getTime())
    expect(await r.queue.getJob(escalationJobId(first.id, 'due'))).toBeUndefined()
    const answer = await clockRow(r, caseId, 'answer')
    expect(await jobRunsAt(r, escalationJobId(answer.id, 'warn'))).toBe(seconds(answer.warnAt)! * 1000)
    // Rescheduling again and again replaces the job: still exactly one per clock.
    for (let i = 0; i < 3; i++) await scheduleCaseEscalations(r.ctx, { organizationId: r.h.organization.id, caseId })
    const delayed = (await r.queue.getDelayed()).filter((j) => j.id?.includes(first.id) || j.id?.includes(answer.id))
    expect(delayed.map((j) => j.id).sort()).toEqual([escalationJobId(first.id, 'warn'), escalationJobId(answer.id, 'warn')].sort())
  })

  it('fires a warning to the owner at the right moment through real BullMQ workers', async () => {
    const r = await rig()
    const caseId = await qrComplaint(r)
    // 1.5 s before the warning; the job is moved to fire then.
    r.clock.setNow(new Date(WARN.getTime() - 1500))
    await scheduleCaseEscalations(r.ctx, { organizationId: r.h.organization.id, caseId })
    r.startWorkers()
    const [note] = await eventually(() => notificationsOf(r, caseId), (rows) => rows.length > 0, 'the warning')
    expect(note).toMatchObject({ userId: r.h.users.department_head.id, milestone: 'warn', clockKind: 'first_contact', dueAt: DUE, readAt: null })
    const lateness = note!.createdAt.getTime() - WARN.getTime()
    expect(lateness).toBeGreaterThanOrEqual(0)
    expect(lateness).toBeLessThan(3000)
    const first = await clockRow(r, caseId, 'first_contact')
    expect(first).toMatchObject({ escalatedThrough: 'warn', nextEscalationAt: DUE })
    // The next milestone's job is put in place once the notifications are committed.
    expect(await eventually(() => jobRunsAt(r, escalationJobId(first.id, 'due')), (at) => at !== null, 'the next job')).toBe(DUE.getTime())
    const emails = await r.ctx.db.select().from(outboundMessages).where(eq(outboundMessages.template, 'sla_warn'))
    expect(emails.filter((m) => m.organizationId === r.h.organization.id).map((m) => m.recipient)).toEqual([r.h.users.department_head.email])
    expect(emails.find((m) => m.organizationId === r.h.organization.id)!.subject).toContain('首次联系患者时限已过 75%')
  })

  it('escalates at 100% to the department head and a working day later to the patient-service director and leadership', async () => {
    const r = await rig()
    const caseId = await qrComplaint(r)
    r.clock.setNow(new Date(OVERDUE.getTime() + 1000))
    const fired = await fireClockEscalations(r.ctx, { organizationId: r.h.organization.id, clockId: (await clockRow(r, caseId, 'first_contact')).id })
    expect(fired.map((f) => f.milestone)).toEqual(['warn', 'due', 'overdue'])
    const byMilestone = (m: string) =>
      notificationsOf(r, caseId).then((rows) =>
        rows
          .filter((n) => n.milestone === m && n.clockKind === 'first_contact')
          .map((n) => n.userId)
          .sort(),
      )
    expect(await byMilestone('warn')).toEqual([r.h.users.department_head.id])
    expect(await byMilestone('due')).toEqual([r.h.users.department_head.id])
    // No head is set for patient service in this hospital, so its staff stand in for the director.
    expect(await byMilestone('overdue')).toEqual([r.h.users.patient_service.id, r.h.users.leadership.id].sort())
    const events = await r.ctx.db.select().from(timelineEvents).where(and(eq(timelineEvents.caseId, caseId), eq(timelineEvents.type, 'sla_escalated')))
    expect(events.map((e) => (e.data as { milestone: string }).milestone)).toEqual(['warn', 'due', 'overdue'])
    expect(events.every((e) => !e.visibleToPatient)).toBe(true)
    // All notified: nothing more for this clock, even when asked again.
    expect(await clockRow(r, caseId, 'first_contact')).toMatchObject({ escalatedThrough: 'overdue', nextEscalationAt: null })
    expect(await fireClockEscalations(r.ctx, { organizationId: r.h.organization.id, clockId: (await clockRow(r, caseId, 'first_contact')).id })).toEqual([])
  })

  it('notifies each milestone once when a job and the sweep run at the same moment', async () => {
    const r = await rig()
    const caseId = await qrComplaint(r)
    r.clock.setNow(new Date(WARN.getTime() + 1000))
    const clockId = (await clockRow(r, caseId, 'first_contact')).id
    await Promise.all([fireClockEscalations(r.ctx, { organizationId: r.h.organization.id, clockId }), sweepDueEscalations(r.ctx), fireClockEscalations(r.ctx, { organizationId: r.h.organization.id, clockId })])
    expect((await notificationsOf(r, caseId)).length).toBe(1)
  })

  it('pauses the clocks on hold (no jobs) and moves every milestone by the working time on hold when resumed', async () => {
    const r = await rig()
    const caseId = await qrComplaint(r)
    r.clock.setNow(new Date('2026-03-02T03:00:00Z'))
    expect((await act(r, 'patient_service', caseId, { type: 'accept' })).ok).toBe(true)
    const answerBefore = await clockRow(r, caseId, 'answer')
    // Hold on Monday 12:00, resume Wednesday 12:00: two working days on hold.
    r.clock.setNow(new Date('2026-03-02T04:00:00Z'))
    expect((await act(r, 'patient_service', caseId, { type: 'hold', reason: '等待患者提供缴费票据' })).ok).toBe(true)
    const held = await clockRow(r, caseId, 'answer')
    expect(held).toMatchObject({ dueAt: null, warnAt: null, nextEscalationAt: null })
    for (const m of ['warn', 'due', 'overdue'] as const) expect(await r.queue.getJob(escalationJobId(held.id, m))).toBeUndefined()

    r.clock.setNow(new Date('2026-03-04T04:00:00Z'))
    expect((await act(r, 'patient_service', caseId, { type: 'resume' })).ok).toBe(true)
    const resumed = await clockRow(r, caseId, 'answer')
    const twoDays = 2 * 86_400_000
    expect(resumed.dueAt!.getTime() - answerBefore.dueAt!.getTime()).toBe(twoDays)
    // The warning (Thu 04:00 before) moves by two working days too: over the weekend to Tue 04:00.
    expect(seconds(answerBefore.warnAt)).toBe(seconds(new Date('2026-03-05T20:00:00Z')))
    expect(seconds(resumed.warnAt)).toBe(seconds(new Date('2026-03-09T20:00:00Z')))
    expect(await jobRunsAt(r, escalationJobId(resumed.id, 'warn'))).toBe(seconds(resumed.warnAt)! * 1000)
    expect((await r.queue.getDelayed()).filter((j) => j.id?.startsWith(`sla-${resumed.id}`))).toHaveLength(1)
  })

  it('drops a clock’s job when the clock stops', async () => {
    const r = await rig()
    const caseId = await qrComplaint(r)
    const first = await clockRow(r, caseId, 'first_contact')
    r.clock.setNow(new Date('2026-03-02T03:00:00Z'))
    expect((await act(r, 'patient_service', caseId, { type: 'accept' })).ok).toBe(true)
    expect(await clockRow(r, caseId, 'first_contact')).toMatchObject({ nextEscalationAt: null })
    expect(await r.queue.getJob(escalationJobId(first.id, 'warn'))).toBeUndefined()
    r.clock.setNow(new Date(OVERDUE.getTime() + 1000))
    expect(await fireClockEscalations(r.ctx, { organizationId: r.h.organization.id, clockId: first.id })).toEqual([])
  })

  it('moves open clocks and their jobs when the admin makes a working day a day off', async () => {
    const r = await rig()
    const caseId = await qrComplaint(r)
    r.clock.setNow(new Date('2026-03-02T03:00:00Z'))
    const result = await setCalendarDay(r.ctx, { organizationId: r.h.organization.id, actorUserId: r.h.users.admin.id }, { date: '2026-03-03', working: false, note: '院内停诊' })
    expect(result).toMatchObject({ ok: true, changed: true })
    const first = await clockRow(r, caseId, 'first_contact')
    // Tuesday is now a day off: the 1-working-day clock runs Mon 10:00 → Wed 10:00.
    // (to the second: the clock runs with real time, so the case starts a millisecond or so after 10:00)
    expect(seconds(first.dueAt)).toBe(seconds(new Date('2026-03-04T02:00:00Z')))
    expect(seconds(first.warnAt)).toBe(seconds(new Date('2026-03-03T20:00:00Z')))
    expect(await jobRunsAt(r, escalationJobId(first.id, 'warn'))).toBe(seconds(first.warnAt)! * 1000)
  })

  it('the sweep catches a milestone whose job was deleted', async () => {
    const r = await rig()
    const caseId = await qrComplaint(r)
    const first = await clockRow(r, caseId, 'first_contact')
    expect(await r.queue.remove(escalationJobId(first.id, 'warn'))).toBe(1)
    r.clock.setNow(new Date(WARN.getTime() + 30_000))
    expect(await sweepDueEscalations(r.ctx)).toBeGreaterThanOrEqual(1)
    expect((await notificationsOf(r, caseId)).map((n) => n.milestone)).toEqual(['warn'])
    // The sweep runs every minute in every worker process.
    await r.ctx.jobs.upsertSchedulers()
    const schedulers = await r.queue.getJobSchedulers()
    expect(schedulers.find((s) => s.name === 'sweep-sla-escalations')).toMatchObject({ every: 60_000 })
  })
})
