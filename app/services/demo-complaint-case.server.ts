import { randomUUID } from 'node:crypto'
import { between, chance, pick, type Random } from '#app/domain/demo-history.ts'
import type { Category } from '#app/domain/intake.ts'
import { newCaseClocks } from './case-clocks.server.ts'

/**
 * One complaint's case as the workflow leaves it: SLA clocks from the hospital's settings,
 * first contact and answer on time or late, closed as resolved once answered, and for some a
 * finding that it was valid, attributed to the department (and sometimes a person).
 */
export function demoComplaintCase(
  random: Random,
  c: {
    organizationId: string
    submissionId: string
    number: string
    category: Category
    at: Date
    now: Date
    tz: string
    slaSettings: Parameters<typeof newCaseClocks>[0]['settings']
    firstDepartmentId: string
    dept: { id: string }
    mean: number
    staff: { userId: string; departmentId: string }[]
  },
) {
  const id = randomUUID()
  const values = newCaseClocks({ at: c.at, calendar: { timeZone: c.tz }, urgent: false, settings: c.slaSettings })
  const answerClock = values.find((v) => v.kind === 'answer')!
  const contactClock = values.find((v) => v.kind === 'first_contact')
  const within = (from: Date, due: Date, onTime: boolean) =>
    onTime ? new Date(from.getTime() + (due.getTime() - from.getTime()) * (0.15 + random() * 0.8)) : new Date(due.getTime() + between(random, 60, 72 * 60) * 60_000)
  const answeredAt = within(c.at, answerClock.dueAt!, chance(random, 0.82))
  // The patient is contacted before (or when) they get the answer.
  const contacted = contactClock?.dueAt ? within(c.at, contactClock.dueAt, chance(random, 0.9)) : null
  const contactedAt = contacted && contacted > answeredAt ? answeredAt : contacted
  const answered = answeredAt < c.now
  const closedAt = answered ? new Date(answeredAt.getTime() + between(random, 30, 48 * 60) * 60_000) : null
  const closed = closedAt !== null && closedAt < c.now
  const valid = closed && chance(random, Math.min(0.6, 0.2 + (4.5 - c.mean) * 0.3))
  const people = c.staff.filter((s) => s.departmentId === c.dept.id)
  const attributedUserId = valid && people.length && chance(random, 0.4) ? pick(random, people).userId : null
  const clocks = values.map((v) => {
    const stoppedAt = v.kind === 'first_contact' ? (contactedAt && contactedAt < c.now ? contactedAt : null) : answered ? answeredAt : null
    return {
      organizationId: c.organizationId,
      caseId: id,
      kind: v.kind,
      departmentId: v.departmentId,
      startedAt: v.startedAt,
      durationMinutes: v.durationMinutes,
      pausedMinutes: 0,
      stoppedAt,
      dueAt: v.dueAt,
      warnAt: v.warnAt,
      overdueAt: v.overdueAt,
      // Finished history: the escalation sweep has nothing left to do for a stopped clock.
      escalatedThrough: stoppedAt ? null : v.escalatedThrough,
      nextEscalationAt: stoppedAt ? null : v.nextEscalationAt,
      createdAt: c.at,
      updatedAt: stoppedAt ?? c.at,
    }
  })
  const onTheSpot = closed && chance(random, 0.15)
  return {
    clocks,
    row: {
      id,
      organizationId: c.organizationId,
      submissionId: c.submissionId,
      number: c.number,
      status: closed ? ('closed' as const) : answered ? ('responded' as const) : ('investigating' as const),
      category: c.category,
      firstResponsibleDepartmentId: c.firstDepartmentId,
      ownerDepartmentId: c.firstDepartmentId,
      answerDueAt: answerClock.dueAt!,
      answer: answered ? '您好，您反映的问题我们已经核实并与相关科室沟通，已采取改进措施。感谢您的监督。' : null,
      answeredAt: answered ? answeredAt : null,
      answerVia: answered ? ('sms' as const) : null,
      openedAt: c.at,
      closedAt: closed ? closedAt : null,
      resolution: closed ? (onTheSpot ? ('on_the_spot' as const) : ('handled' as const)) : null,
      resolutionNote: onTheSpot ? '现场沟通解释，患者表示理解。' : null,
      finding: closed ? (valid ? '经核实，投诉情况属实。' : '经核实，属于沟通误解，已向患者解释。') : null,
      valid: closed ? valid : null,
      attributedDepartmentId: valid ? c.dept.id : null,
      attributedUserId,
      remedy: valid ? '科室已组织整改学习，并向患者致歉。' : null,
      createdAt: c.at,
      updatedAt: closedAt && closed ? closedAt : c.at,
    },
  }
}
