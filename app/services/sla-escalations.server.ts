import { dueMilestones, nextMilestone } from '#app/domain/sla-escalation.ts'
import { escalationRecipients } from '#app/domain/sla-recipients.ts'
import { MILESTONES, type Milestone } from '#app/domain/sla.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { CaseClockRow } from '#db/queries/case-workflow.ts'
import { insertTimelineEvents } from '#db/queries/case-workflow.ts'
import { findPatientServiceDepartment, listDepartments } from '#db/queries/departments.ts'
import { insertNotifications } from '#db/queries/notifications.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { listCaseClocks, listClocksDueForEscalation, listEscalationCandidates, lockClockForEscalation, recordClockEscalation } from '#db/queries/sla-escalations.ts'
import { renderSlaEscalationEmail } from '#emails/sla-escalation.ts'
import { queueEmail } from './messages.server.ts'

/**
 * SLA escalations (DESIGN.md §3): each running clock has one delayed job, for its next
 * milestone, under a fixed id per (clock, milestone). Actions and calendar edits reschedule
 * it (the id is replaced, never duplicated); the job notifies whatever is due when it runs,
 * checked against the clock row under a lock, so a stale or doubled job notifies nothing
 * twice. A sweep every minute catches any milestone whose job was lost.
 */
const SWEEP_PARALLEL = 4

export const escalationJobId = (clockId: string, milestone: Milestone) => `sla-${clockId}-${milestone}`

type ScheduledClock = Pick<CaseClockRow, 'id' | 'organizationId' | 'warnAt' | 'dueAt' | 'overdueAt' | 'escalatedThrough' | 'stoppedAt'>

/**
 * Schedules each clock's next milestone job. `replace` also removes the clock's other
 * milestone jobs (after a pause, resume or calendar edit the next milestone may differ);
 * `isNew` clocks have no job yet, so nothing is removed.
 */
export async function scheduleClockJobs(ctx: AppContext, clocks: readonly ScheduledClock[], { replace, isNew = false }: { replace: boolean; isNew?: boolean }) {
  for (const clock of clocks) {
    const next = nextMilestone(clock, clock.escalatedThrough, clock.stoppedAt !== null)
    if (replace) {
      await ctx.jobs.cancel(
        'fireSlaEscalation',
        MILESTONES.filter((m) => m !== next?.milestone).map((m) => escalationJobId(clock.id, m)),
      )
    }
    if (next) {
      await ctx.jobs.schedule('fireSlaEscalation', { organizationId: clock.organizationId, clockId: clock.id }, {
        jobId: escalationJobId(clock.id, next.milestone),
        // Taken for each job: scheduling many takes a while, and a delay from an earlier 'now' would run late.
        delay: next.at.getTime() - ctx.clock.now().getTime(),
        isNew,
      })
    }
  }
}

/** After a case action: every clock of the case gets its job for its next milestone, or none. */
export async function scheduleCaseEscalations(ctx: AppContext, { organizationId, caseId }: { organizationId: string; caseId: string }): Promise<void> {
  await scheduleClockJobs(ctx, await listCaseClocks(ctx.db, { organizationId, caseId }), { replace: true })
}

/** After a calendar edit moved these clocks. */
export async function rescheduleClockEscalations(ctx: AppContext, clocks: readonly ScheduledClock[]): Promise<void> {
  await scheduleClockJobs(ctx, clocks, { replace: true })
}

export interface FiredEscalation {
  milestone: Milestone
  recipients: number
}

/**
 * Notifies the milestones of one clock that have come by now and are not notified yet: an
 * in-app notification and an email per recipient, and an internal timeline entry. Then the
 * job for the next milestone is scheduled. Returns what was notified (nothing when the clock
 * stopped, paused, or was already handled by another job or the sweep).
 */
export async function fireClockEscalations(ctx: AppContext, { organizationId, clockId }: { organizationId: string; clockId: string }): Promise<FiredEscalation[]> {
  const dispatches: Array<() => Promise<void>> = []
  const outcome = await ctx.db.transaction(async (tx) => {
    const locked = await lockClockForEscalation(tx, { organizationId, clockId })
    if (!locked) return null
    const { clock, case: kase } = locked
    if (clock.stoppedAt || clock.pausedAt) return null
    const now = ctx.clock.now()
    const due = dueMilestones(clock, clock.escalatedThrough, now)
    if (due.length === 0) return { clock, fired: [] as FiredEscalation[] }

    const [organization, patientService, departments, staff] = await Promise.all([
      findOrganizationById(tx, { organizationId }),
      findPatientServiceDepartment(tx, { organizationId }),
      listDepartments(tx, { organizationId }),
      listEscalationCandidates(tx, { organizationId }),
    ])
    if (!organization || !patientService) return null
    const facts = {
      clockKind: clock.kind,
      clockDepartmentId: clock.departmentId,
      owner: { departmentId: kase.ownerDepartmentId, userId: kase.ownerUserId },
      patientServiceDepartmentId: patientService.id,
      departments,
      staff,
    }
    const department = clock.departmentId ? departments.find((d) => d.id === clock.departmentId) : undefined
    const caseUrl = `${ctx.config.publicUrl}/app/${organization.slug}/cases/${kase.id}`
    const fired: FiredEscalation[] = []
    for (const milestone of due) {
      const recipients = escalationRecipients(milestone, facts)
      await insertNotifications(
        tx,
        recipients.map((userId) => ({ organizationId, userId, caseId: kase.id, milestone, clockKind: clock.kind, departmentId: clock.departmentId, dueAt: clock.dueAt!, createdAt: now })),
      )
      for (const userId of recipients) {
        const person = staff.find((s) => s.userId === userId)!
        const locale = person.locale ?? organization.defaultLocale
        const email = renderSlaEscalationEmail({
          locale,
          hospitalName: locale === 'en' && organization.nameEn ? organization.nameEn : organization.name,
          caseNumber: kase.number,
          clockKind: clock.kind,
          milestone,
          departmentName: department ? (locale === 'en' && department.nameEn ? department.nameEn : department.name) : null,
          dueAt: clock.dueAt!,
          timeZone: organization.timeZone,
          caseUrl,
        })
        const queued = await queueEmail(ctx, tx, { organizationId, to: person.email, template: `sla_${milestone}`, email })
        dispatches.push(queued.dispatch)
      }
      fired.push({ milestone, recipients: recipients.length })
    }
    await insertTimelineEvents(tx, {
      organizationId,
      events: fired.map((f) => ({
        submissionId: kase.submissionId,
        caseId: kase.id,
        type: 'sla_escalated',
        visibleToPatient: false,
        actorUserId: null,
        body: null,
        data: { clockKind: clock.kind, departmentId: clock.departmentId, milestone: f.milestone, dueAt: clock.dueAt!.toISOString(), recipients: f.recipients },
        createdAt: now,
      })),
    })
    const escalatedThrough = due[due.length - 1]!
    const next = nextMilestone(clock, escalatedThrough, false)
    await recordClockEscalation(tx, { organizationId, clockId, escalatedThrough, nextEscalationAt: next?.at ?? null, now })
    return { clock: { ...clock, escalatedThrough }, fired }
  })
  if (!outcome) return []
  for (const dispatch of dispatches) await dispatch().catch((error) => ctx.logger.error('escalation email could not be queued for delivery', { clockId, error }))
  if (outcome.fired.length > 0) await scheduleClockJobs(ctx, [outcome.clock], { replace: false })
  return outcome.fired
}

/**
 * The periodic sweep: every clock with a milestone that has come and is not notified (its job
 * lost, late, or never scheduled) is notified now. Returns how many clocks it handled.
 */
export async function sweepDueEscalations(ctx: AppContext, { limit = 1000 }: { limit?: number } = {}): Promise<number> {
  const due = await listClocksDueForEscalation(ctx.db, { now: ctx.clock.now(), limit })
  // A few at a time: each is its own short transaction on its own clock row.
  for (let i = 0; i < due.length; i += SWEEP_PARALLEL) {
    await Promise.all(due.slice(i, i + SWEEP_PARALLEL).map((clock) => fireClockEscalations(ctx, { organizationId: clock.organizationId, clockId: clock.id })))
  }
  return due.length
}
