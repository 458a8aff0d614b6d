import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyClockEffects, clockBadge, clocksForNewCase, pauseClock, remainingWorkingMs, resumeClock, startClock, stopClock, type SlaClock } from '#app/domain/sla-clock.ts'
import {
  CLOCK_KINDS,
  CLOCK_RULES,
  clockDuration,
  clockEffectsFor,
  DEFAULT_SLA_SETTINGS,
  milestones,
  MILESTONE_RECIPIENTS,
  resolveSlaSettings,
  slaBadge,
  slaSettingsOverridesSchema,
  slaSettingsSchema,
} from '#app/domain/sla.ts'
import { isWorkingDay, localDate, workingTimeBetween } from '#app/domain/working-calendar.ts'

const TZ = 'Asia/Shanghai'
const calendar = { timeZone: TZ }
const HOUR = 3_600_000
const DAY_MINUTES = 24 * 60
const at = (local: string) => new Date(`${local}+08:00`)
const one = { urgent: false, departmentCount: 1 }

describe('SLA settings', () => {
  it('defaults to the national limits: 1 working day to contact (2 hours if urgent), 5/10 to answer, 3 for findings, warning at 75%', () => {
    expect(DEFAULT_SLA_SETTINGS).toEqual({
      firstContactWorkingDays: 1,
      urgentFirstContactWorkingHours: 2,
      answerWorkingDays: 5,
      multiDepartmentAnswerWorkingDays: 10,
      findingsWorkingDays: 3,
      warnAtFraction: 0.75,
    })
    expect(clockDuration('first_contact', one)).toBe(DAY_MINUTES)
    expect(clockDuration('first_contact', { urgent: true, departmentCount: 1 })).toBe(120)
    expect(clockDuration('answer', one)).toBe(5 * DAY_MINUTES)
    expect(clockDuration('answer', { urgent: true, departmentCount: 0 })).toBe(5 * DAY_MINUTES)
    expect(clockDuration('answer', { urgent: false, departmentCount: 2 })).toBe(10 * DAY_MINUTES)
    expect(clockDuration('findings', { urgent: true, departmentCount: 3 })).toBe(3 * DAY_MINUTES)
  })

  it('lets a hospital change any default, keeping the rest', () => {
    const settings = resolveSlaSettings(slaSettingsOverridesSchema.parse({ answerWorkingDays: 7, urgentFirstContactWorkingHours: 4 }))
    expect(settings).toEqual({ ...DEFAULT_SLA_SETTINGS, answerWorkingDays: 7, urgentFirstContactWorkingHours: 4 })
    expect(clockDuration('answer', one, settings)).toBe(7 * DAY_MINUTES)
    expect(resolveSlaSettings(null)).toEqual(DEFAULT_SLA_SETTINGS)
  })

  it('takes the settings form as typed and refuses nonsense with translation keys', () => {
    const form = { firstContactWorkingDays: '1', urgentFirstContactWorkingHours: '2', answerWorkingDays: '5', multiDepartmentAnswerWorkingDays: '10', findingsWorkingDays: '3', warnAtFraction: '0.8' }
    expect(slaSettingsSchema.parse(form)).toEqual({ ...DEFAULT_SLA_SETTINGS, warnAtFraction: 0.8 })
    const messages = (input: object) => slaSettingsSchema.safeParse(input).error?.issues.map((i) => [i.path[0], i.message])
    expect(messages({ ...form, answerWorkingDays: '0', findingsWorkingDays: '1.5', urgentFirstContactWorkingHours: '100', warnAtFraction: '1' })).toEqual([
      ['urgentFirstContactWorkingHours', 'cases:errors.slaWorkingHours'],
      ['answerWorkingDays', 'cases:errors.slaWorkingDays'],
      ['findingsWorkingDays', 'cases:errors.slaWorkingDays'],
      ['warnAtFraction', 'cases:errors.slaWarnFraction'],
    ])
    expect(messages({ ...form, answerWorkingDays: '12' })).toEqual([['multiDepartmentAnswerWorkingDays', 'cases:errors.slaMultiDepartmentShorter']])
    expect(slaSettingsOverridesSchema.safeParse({ answerDays: 3 }).success).toBe(false)
  })
})

describe('milestones in Chinese working days', () => {
  it('answers a complaint received Friday 2025-09-26 10:00 by 2025-10-10 10:00 across National Day', () => {
    const clock = startClock('answer', null, at('2025-09-26T10:00:00'), clockDuration('answer', one))
    expect(milestones(clock, calendar)).toEqual({
      warnAt: at('2025-10-09T04:00:00'), // 90 of 120 working hours: 14 + 24 (make-up Sunday 09-28) + 24 + 24, then 4 after the holiday
      dueAt: at('2025-10-10T10:00:00'),
      overdueEscalateAt: at('2025-10-11T10:00:00'), // Saturday 10-11 is a make-up working day
    })
  })

  it('answers a complaint received 2025-01-24 10:00 by 2025-02-07 10:00 across the Spring Festival', () => {
    const clock = startClock('answer', null, at('2025-01-24T10:00:00'), clockDuration('answer', one))
    expect(milestones(clock, calendar)).toEqual({
      warnAt: at('2025-02-06T04:00:00'),
      dueAt: at('2025-02-07T10:00:00'),
      overdueEscalateAt: at('2025-02-08T10:00:00'), // Saturday 02-08 is a make-up working day
    })
  })

  it('gives an urgent case 2 working hours for first contact, skipping the rest day', () => {
    const clock = startClock('first_contact', null, at('2025-09-26T23:00:00'), clockDuration('first_contact', { urgent: true, departmentCount: 1 }))
    expect(milestones(clock, calendar)).toEqual({ warnAt: at('2025-09-28T00:30:00'), dueAt: at('2025-09-28T01:00:00'), overdueEscalateAt: at('2025-09-29T01:00:00') })
  })

  it('gives a department 3 working days for findings from being involved', () => {
    const clock = startClock('findings', 'dept-icu', at('2025-09-29T09:00:00'), clockDuration('findings', one))
    expect(milestones(clock, calendar)?.dueAt).toEqual(at('2025-10-10T09:00:00'))
  })

  it('gives 10 working days when a second department is involved', () => {
    const clock = startClock('answer', null, at('2025-09-26T10:00:00'), clockDuration('answer', { urgent: false, departmentCount: 2 }))
    expect(milestones(clock, calendar)?.dueAt).toEqual(at('2025-10-16T10:00:00')) // Saturday 10-11 works
  })

  it('follows the admin’s calendar overrides', () => {
    const clock = startClock('answer', null, at('2025-09-26T10:00:00'), clockDuration('answer', one))
    const closed = { timeZone: TZ, overrides: new Map([['2025-10-10', false]]) }
    expect(milestones(clock, closed)?.dueAt).toEqual(at('2025-10-11T10:00:00'))
  })
})

describe('pause and resume', () => {
  const answer = () => startClock('answer', null, at('2025-09-26T10:00:00'), clockDuration('answer', one))

  it('keeps the remaining working time while paused and shifts every milestone by the paused working time', () => {
    const before = milestones(answer(), calendar)!
    const paused = pauseClock(answer(), at('2025-09-29T10:00:00'))
    expect(milestones(paused, calendar)).toBeNull()
    expect(remainingWorkingMs(paused, at('2025-10-20T00:00:00'), calendar)).toBe((120 - 48) * HOUR) // 14 + 24 + 10 working hours used
    const resumed = resumeClock(paused, at('2025-09-30T16:00:00'), calendar)
    expect(resumed.pausedMinutes).toBe(30 * 60)
    const after = milestones(resumed, calendar)!
    expect(after.dueAt).toEqual(at('2025-10-11T16:00:00'))
    for (const key of ['warnAt', 'dueAt', 'overdueEscalateAt'] as const) expect(workingTimeBetween(before[key], after[key], TZ)).toBe(30 * HOUR)
  })

  it('adds nothing for holidays spent on hold', () => {
    const resumed = resumeClock(pauseClock(answer(), at('2025-09-30T12:00:00')), at('2025-10-09T12:00:00'), calendar)
    expect(resumed.pausedMinutes).toBe(24 * 60)
  })

  it('judges a clock stopped while paused against its shifted deadline', () => {
    const stopped = stopClock(pauseClock(answer(), at('2025-10-09T00:00:00')), at('2025-10-13T00:00:00'), calendar)
    // On hold over 10-09, 10-10 and the make-up Saturday 10-11.
    expect(stopped).toMatchObject({ pausedAt: null, pausedMinutes: 3 * 24 * 60, stoppedAt: at('2025-10-13T00:00:00') })
    expect(clockBadge(stopped, at('2025-10-20T00:00:00'), calendar)).toBe('met')
  })

  it('runs a case through hold, two departments and the answer with the clock effects of its actions', () => {
    const facts = { urgent: false, departmentCount: 0 }
    const ctx = (local: string, departmentCount = 0) => ({ at: at(local), calendar, settings: DEFAULT_SLA_SETTINGS, facts: { ...facts, departmentCount } })
    let clocks: SlaClock[] = clocksForNewCase(at('2025-09-26T10:00:00'), facts)
    clocks = applyClockEffects(clocks, clockEffectsFor('accept'), ctx('2025-09-26T11:00:00'))
    clocks = applyClockEffects(clocks, clockEffectsFor('involveDepartments', ['icu', 'lab']), ctx('2025-09-28T10:00:00', 2))
    expect(clocks.map((c) => [c.kind, c.departmentId, c.durationMinutes, c.stoppedAt !== null])).toEqual([
      ['first_contact', null, DAY_MINUTES, true],
      ['answer', null, 10 * DAY_MINUTES, false],
      ['findings', 'icu', 3 * DAY_MINUTES, false],
      ['findings', 'lab', 3 * DAY_MINUTES, false],
    ])
    clocks = applyClockEffects(clocks, clockEffectsFor('hold'), ctx('2025-09-29T10:00:00', 2))
    expect(clocks.map((c) => clockBadge(c, at('2025-09-29T12:00:00'), calendar))).toEqual(['met', 'paused', 'paused', 'paused'])
    clocks = applyClockEffects(clocks, clockEffectsFor('resume'), ctx('2025-09-29T12:00:00', 2))
    clocks = applyClockEffects(clocks, clockEffectsFor('recordFindings', ['icu']), ctx('2025-09-30T10:00:00', 2))
    expect(clocks.map((c) => clockBadge(c, at('2025-10-09T12:00:00'), calendar))).toEqual(['met', 'on_time', 'met', 'overdue'])
    clocks = applyClockEffects(clocks, clockEffectsFor('close'), ctx('2025-10-13T10:00:00', 2))
    expect(clocks.map((c) => clockBadge(c, at('2025-10-20T00:00:00'), calendar))).toEqual(['met', 'met', 'met', 'missed'])
  })
})

describe('badges and escalation', () => {
  const due = at('2025-10-10T10:00:00')
  const running = { dueAt: due, pausedAt: null, stoppedAt: null }

  it('shows on time, due soon within 24 hours, overdue from the due moment', () => {
    expect(slaBadge(running, new Date(due.getTime() - 24 * HOUR - 1))).toBe('on_time')
    expect(slaBadge(running, new Date(due.getTime() - 24 * HOUR))).toBe('due_soon')
    expect(slaBadge(running, new Date(due.getTime() - 1))).toBe('due_soon')
    expect(slaBadge(running, due)).toBe('overdue')
    expect(slaBadge({ dueAt: null, pausedAt: due, stoppedAt: null }, due)).toBe('paused')
    expect(slaBadge({ ...running, stoppedAt: due }, at('2025-11-01T00:00:00'))).toBe('met')
    expect(slaBadge({ ...running, stoppedAt: new Date(due.getTime() + 1) }, at('2025-11-01T00:00:00'))).toBe('missed')
  })

  it('warns the owner, escalates to the department head(s), then to the patient-service director and leadership', () => {
    for (const kind of ['first_contact', 'answer'] as const) {
      expect(MILESTONE_RECIPIENTS[kind]).toEqual({ warn: ['case_owner'], due: ['clock_department_heads'], overdue: ['patient_service_director', 'leadership'] })
    }
    expect(MILESTONE_RECIPIENTS.findings.overdue).toEqual(['patient_service_director', 'leadership'])
    expect(MILESTONE_RECIPIENTS.findings.due).toContain('clock_department_heads')
  })

  it('stops first contact on acceptance, the answer on responding, findings when recorded, everything on closing', () => {
    expect(CLOCK_RULES.accept).toEqual([{ op: 'stop', kind: 'first_contact' }])
    expect(CLOCK_RULES.respond).toEqual([{ op: 'stop', kind: 'answer' }])
    expect(CLOCK_RULES.recordFindings).toEqual([{ op: 'stop', kind: 'findings' }])
    for (const action of ['close', 'decline', 'resolveOnTheSpot'] as const) expect(CLOCK_RULES[action]).toEqual([{ op: 'stop', kind: 'all' }])
  })
})

describe('milestone properties', () => {
  const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-11-01T00:00:00Z'), noInvalidDate: true })
  const kind = fc.constantFrom(...CLOCK_KINDS)
  const facts = fc.record({ urgent: fc.boolean(), departmentCount: fc.integer({ min: 0, max: 4 }) })
  const fraction = fc.double({ min: 0.05, max: 0.95, noNaN: true })
  const clockArb = fc.tuple(kind, facts, instant, fc.integer({ min: 0, max: 20 * DAY_MINUTES })).map(([k, f, start, paused]) => ({ ...startClock(k, null, start, clockDuration(k, f)), pausedMinutes: paused }))
  const endsOnWorkingDay = (d: Date) => isWorkingDay(localDate(new Date(d.getTime() - 1), TZ))

  it('orders warn < due < overdue escalation and never puts one on a rest day', () => {
    fc.assert(
      fc.property(clockArb, fraction, (clock, warnAtFraction) => {
        const m = milestones(clock, calendar, { warnAtFraction })!
        expect(m.warnAt.getTime()).toBeLessThan(m.dueAt.getTime())
        expect(m.dueAt.getTime()).toBeLessThan(m.overdueEscalateAt.getTime())
        for (const moment of [m.warnAt, m.dueAt, m.overdueEscalateAt]) expect(endsOnWorkingDay(moment)).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it('changes nothing when a clock is paused and resumed at once', () => {
    fc.assert(
      fc.property(clockArb, fc.integer({ min: 0, max: 30 * 24 * 60 }), (clock, minutesLater) => {
        const moment = new Date(clock.startedAt.getTime() + minutesLater * 60_000)
        expect(milestones(resumeClock(pauseClock(clock, moment), moment, calendar), calendar)).toEqual(milestones(clock, calendar))
      }),
      { numRuns: 100 },
    )
  })

  it('shifts every milestone by exactly the working time spent on hold (to the minute)', () => {
    fc.assert(
      fc.property(clockArb, fc.integer({ min: 0, max: 10 * 24 * 60 }), fc.integer({ min: 0, max: 10 * 24 * 60 }), (clock, pauseAfter, pauseFor) => {
        const pausedAt = new Date(clock.startedAt.getTime() + pauseAfter * 60_000)
        const resumedAt = new Date(pausedAt.getTime() + pauseFor * 60_000)
        const resumed = resumeClock(pauseClock(clock, pausedAt), resumedAt, calendar)
        const shift = (resumed.pausedMinutes - clock.pausedMinutes) * 60_000
        expect(Math.abs(shift - workingTimeBetween(pausedAt, resumedAt, TZ))).toBeLessThanOrEqual(30_000)
        const before = milestones(clock, calendar)!
        const after = milestones(resumed, calendar)!
        for (const key of ['warnAt', 'dueAt', 'overdueEscalateAt'] as const) expect(workingTimeBetween(before[key], after[key], TZ)).toBe(shift)
      }),
      { numRuns: 100 },
    )
  })
})
