import { caseActionSchema, type CaseAction, type CaseActionInput } from '#app/domain/case-actions.ts'
import { decide, type CaseActor, type Decision, type Refusal } from '#app/domain/case-workflow.ts'
import { applyClockEffects } from '#app/domain/sla-clock.ts'
import { resolveSlaSettings, type WorkingCalendar } from '#app/domain/sla.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { caseStateOf } from './case-state.server.ts'
import type { Executor } from '#db/executor.ts'
import {
  involveCaseDepartments,
  lockCaseForAction,
  recordCaseDepartmentFindings,
  updateCase,
  upsertCaseClocks,
  type CaseChanges,
  type CaseRow,
} from '#db/queries/case-workflow.ts'
import { findDepartment, findPatientServiceDepartment } from '#db/queries/departments.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { findActiveMembership } from '#db/queries/users.ts'
import { audit } from './audit.server.ts'
import { preparePatientNotice } from './case-notices.server.ts'
import { scheduleCaseEscalations } from './sla-escalations.server.ts'
import { loadCaseViewer } from './case-access.server.ts'
import { calendarOverridesForNewDeadline } from './calendar.server.ts'
import { recordCaseEvents } from './case-events.server.ts'
import { inviteForClosedCase } from './survey-invitations.server.ts'
import { carriedEscalation, clockFromRow, clockValues } from './case-clocks.server.ts'
import { markRollupsDirtyFor } from './board-rollups.server.ts'

/**
 * Staff actions on a case (DESIGN.md §3): the rules are `decide` (case-workflow.ts); this loads
 * the facts, and stores the result — case, clocks, involved departments, timeline and audit —
 * in one transaction with the case row locked.
 */
export type CaseActionResult = { ok: true; case: CaseRow } | (Refusal & { notFound?: boolean })

const TRANSLATION_KEY = /^[a-z]+:[\w.]+$/i
const refuse = (error: string, field?: string): Refusal => ({ ok: false, error, ...(field ? { field } : {}) })
const NOT_FOUND = { ok: false, error: 'cases:errors.caseNotFound', notFound: true } as const

/** A hand-over or assignment to a named user: the rules need that user's role and departments, which the form does not send. */
async function withTargetFacts(db: Executor, organizationId: string, raw: unknown): Promise<unknown> {
  if (!raw || typeof raw !== 'object' || !('to' in raw)) return raw
  const to = (raw as { to: unknown }).to
  if (!to || typeof to !== 'object' || (to as { kind?: unknown }).kind !== 'user') return raw
  const userId = (to as { userId?: unknown }).userId
  const member = typeof userId === 'string' && userId ? await findActiveMembership(db, { organizationId, userId }) : undefined
  if (!member) return { ...raw, to: { kind: 'user', userId: '', role: 'staff', departmentIds: [] } }
  return { ...raw, to: { kind: 'user', userId, role: member.role, departmentIds: member.departmentIds } }
}

function validate(raw: unknown): { ok: true; action: CaseAction } | Refusal {
  const parsed = caseActionSchema.safeParse(raw)
  if (parsed.success) return { ok: true, action: parsed.data }
  const issue = parsed.error.issues[0]!
  const field = issue.path.length ? String(issue.path[0]) : undefined
  if (field === 'type' || issue.code === 'invalid_union') return refuse('cases:errors.unknownAction')
  if (field === 'to') return refuse('cases:errors.userNotFound', 'to')
  return refuse(TRANSLATION_KEY.test(issue.message) ? issue.message : 'common:errors.required', field)
}

/** The acting user's role and departments, sub-departments included. */
async function loadActor(db: Executor, organizationId: string, userId: string): Promise<CaseActor | null> {
  const viewer = await loadCaseViewer(db, organizationId, userId)
  return viewer && { userId, role: viewer.role, departmentIds: viewer.departmentIds }
}

/** Departments and users an action names must be the hospital's own. */
async function foreignReference(db: Executor, organizationId: string, action: CaseAction): Promise<Refusal | null> {
  const departmentOk = async (departmentId: string) => {
    const d = await findDepartment(db, { organizationId, departmentId })
    return Boolean(d?.active)
  }
  if (action.type === 'involveDepartments') {
    for (const id of action.departmentIds) if (!(await departmentOk(id))) return refuse('cases:errors.departmentNotFound', 'departmentIds')
  }
  if (action.type === 'close') {
    if (action.attributedDepartmentId && !(await departmentOk(action.attributedDepartmentId))) return refuse('cases:errors.departmentNotFound', 'attributedDepartmentId')
    if (action.attributedUserId && !(await findActiveMembership(db, { organizationId, userId: action.attributedUserId }))) return refuse('cases:errors.userNotFound', 'attributedUserId')
  }
  return null
}


const CLEARED_CLOSING: CaseChanges = {
  resolution: null,
  resolutionNote: null,
  finding: null,
  valid: null,
  attributedDepartmentId: null,
  attributedUserId: null,
  remedy: null,
  closedAt: null,
}

/** The case columns after the decision (only those that changed are written and audited). */
function caseChangesFor(action: CaseAction, next: Decision, now: Date): CaseChanges {
  const changes: CaseChanges = {
    status: next.state.status,
    heldFrom: next.state.heldFrom,
    ownerDepartmentId: next.state.owner.departmentId,
    ownerUserId: next.state.owner.userId,
  }
  if (next.closure?.resolution === 'on_the_spot') Object.assign(changes, { resolution: 'on_the_spot', resolutionNote: next.closure.whatWasDone, closedAt: now })
  if (next.closure?.resolution === 'handled') {
    const { resolution, finding, valid, attributedDepartmentId, attributedUserId, remedy, answer } = next.closure
    Object.assign(changes, { resolution, finding, valid, attributedDepartmentId, attributedUserId, remedy, answer, closedAt: now })
  }
  if (next.patientNotice?.kind === 'declined') changes.declineReason = next.patientNotice.reason
  if (next.patientNotice?.kind === 'answer') Object.assign(changes, { answer: next.patientNotice.answer, answeredAt: now })
  if (next.patientNotice) changes.answerVia = next.patientNotice.via
  if (action.type === 'setUrgency') changes.urgent = action.urgent
  if (action.type === 'reopen') Object.assign(changes, CLEARED_CLOSING)
  return changes
}

const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b)

/** Performs one staff action on a case; refusals are translation keys (with the form field when there is one). */
export async function performCaseAction(
  ctx: AppContext,
  { organizationId, actorUserId }: { organizationId: string; actorUserId: string },
  caseId: string,
  rawAction: unknown,
): Promise<CaseActionResult> {
  const enriched = await withTargetFacts(ctx.db, organizationId, rawAction)
  const valid = validate(enriched)
  if (!valid.ok) return valid
  const action = valid.action
  const [actor, organization, patientService] = await Promise.all([
    loadActor(ctx.db, organizationId, actorUserId),
    findOrganizationById(ctx.db, { organizationId }),
    findPatientServiceDepartment(ctx.db, { organizationId }),
  ])
  if (!actor || !organization || !patientService) return NOT_FOUND
  if (!/^[0-9a-f-]{36}$/i.test(caseId)) return NOT_FOUND

  const afterCommit: Array<() => Promise<void>> = []
  const result = await ctx.db.transaction(async (tx): Promise<CaseActionResult> => {
    // The calendar's shared lock first, as a calendar edit takes it before updating cases (no lock cycle).
    const calendar: WorkingCalendar = { timeZone: organization.timeZone, overrides: await calendarOverridesForNewDeadline(tx, organizationId) }
    const loaded = await lockCaseForAction(tx, { organizationId, caseId })
    if (!loaded) return NOT_FOUND
    const now = ctx.clock.now()
    const decided = decide(caseStateOf(loaded.case, loaded.involved), enriched as CaseActionInput, actor, { patientServiceDepartmentId: patientService.id, now })
    if (!decided.ok) return decided
    const foreign = await foreignReference(tx, organizationId, action)
    if (foreign) return foreign
    const { next } = decided
    const notice = next.patientNotice ? await preparePatientNotice(ctx, tx, { organizationId, actorUserId, case: loaded.case, notice: next.patientNotice }) : null
    if (notice && !notice.ok) return notice

    const settings = resolveSlaSettings(organization.slaSettings)
    const clocks = applyClockEffects(loaded.clocks.map(clockFromRow), next.clocks, {
      at: now,
      calendar,
      settings,
      facts: { urgent: action.type === 'setUrgency' ? action.urgent : loaded.case.urgent, departmentCount: next.state.involvedDepartments.length },
    })
    const stored = clocks.map((c) => clockValues(c, calendar, settings, carriedEscalation(loaded.clocks, c)))
    await upsertCaseClocks(tx, { organizationId, caseId, clocks: stored, now })

    const wanted = caseChangesFor(action, next, now)
    const answerDueAt = stored.find((c) => c.kind === 'answer')?.dueAt
    if (answerDueAt) wanted.answerDueAt = answerDueAt
    const changed = Object.entries(wanted).filter(([k, v]) => !same(loaded.case[k as keyof CaseRow], v))
    const before = Object.fromEntries(changed.map(([k]) => [k, loaded.case[k as keyof CaseRow]]))
    const after = Object.fromEntries(changed)
    // The case's rollup key before and after: closing or reopening can move it to another department.
    await markRollupsDirtyFor(tx, organizationId, { caseIds: [caseId] })
    const updated = await updateCase(tx, { organizationId, caseId, changes: { ...after, updatedAt: now } })
    await markRollupsDirtyFor(tx, organizationId, { caseIds: [caseId] })
    // Closed (handled or on the spot): the post-complaint survey, in this transaction so a failed close invites no one.
    if (next.state.status === 'closed' && loaded.case.status !== 'closed') await inviteForClosedCase(ctx, tx, organizationId, updated!)

    if (action.type === 'involveDepartments') {
      const fresh = next.state.involvedDepartments.filter((d) => !d.findingsRecorded).map((d) => d.departmentId)
      const already = new Set(loaded.involved.filter((d) => !d.findingsRecordedAt).map((d) => d.departmentId))
      await involveCaseDepartments(tx, { organizationId, caseId, departmentIds: fresh.filter((id) => !already.has(id)), at: now })
    }
    if (action.type === 'recordFindings') {
      await recordCaseDepartmentFindings(tx, { organizationId, caseId, departmentId: action.departmentId, findings: action.findings, byUserId: actorUserId, at: now })
    }
    await recordCaseEvents(tx, { organizationId, submissionId: loaded.case.submissionId, caseId, events: next.events })
    if (notice) afterCommit.push(...(await notice.prepared.queue(tx)))
    await audit(tx, {
      organizationId,
      actorUserId,
      action: `case.${action.type}`,
      entityType: 'case',
      entityId: caseId,
      before: { number: loaded.case.number, ...before },
      after: { number: loaded.case.number, ...after, ...auditExtras(action) },
    })
    return { ok: true, case: updated! }
  })
  if (!result.ok) return result
  afterCommit.push(() => scheduleCaseEscalations(ctx, { organizationId, caseId }))
  // Committed: a failed hand-off to the queue is caught up by the sweeps, not reported as a failed action.
  for (const run of afterCommit) await run().catch((error) => ctx.logger.error('after a case action', { caseId, error }))
  return result
}

/** What an action changed outside the case row, for the audit log. */
function auditExtras(action: CaseAction) {
  if (action.type === 'involveDepartments') return { departmentIds: action.departmentIds }
  if (action.type === 'recordFindings') return { departmentId: action.departmentId }
  return {}
}
