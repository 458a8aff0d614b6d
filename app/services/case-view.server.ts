import type { AnswerChannel } from '#app/domain/case-answer.ts'
import type { CaseActionType } from '#app/domain/case-actions.ts'
import type { CaseStatus } from '#app/domain/case-status.ts'
import { availableActions, type Party } from '#app/domain/case-workflow.ts'
import { isUuid } from '#app/domain/form-fields.ts'
import { isPatientServiceUser } from '#app/domain/handover.ts'
import type { Channel, SubmissionKind } from '#app/domain/intake.ts'
import { maskName } from '#app/domain/mask-name.ts'
import { maskEmail, maskPhone } from '#app/domain/phone.ts'
import { remainingWorkingMs } from '#app/domain/sla-clock.ts'
import { CLOCK_KINDS, MILESTONES, slaBadge, type ClockKind, type Milestone, type SlaBadge, type WorkingCalendar } from '#app/domain/sla.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { caseStateOf } from './case-state.server.ts'
import type { Executor } from '#db/executor.ts'
import type { CaseDepartmentRow, CaseRow } from '#db/queries/case-workflow.ts'
import { findVisibleCase, findVisibleCaseAttachment, listCaseClocks, listCaseTimeline, listInvolvedDepartments, listMemberNames } from '#db/queries/case-view.ts'
import { listDepartments } from '#db/queries/departments.ts'
import { listMembers } from '#db/queries/memberships.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { listAttachments } from '#db/queries/submissions.ts'
import { loadCaseViewer, type CaseViewer } from './case-access.server.ts'
import { clockFromRow } from './case-clocks.server.ts'
import { loadCalendarOverrides } from './calendar.server.ts'

/**
 * Everything the staff case page shows (DESIGN.md §3, §6), for one viewer: nothing of a case
 * outside their scope, the patient's contact only masked (contact-reveal.server.ts shows it in
 * full, audited), and only the actions the rules would let them take.
 */

/** The case and the viewer, when the viewer may see it; null for another hospital's, an out-of-scope or a made-up case. */
export async function findCaseForViewer(db: Executor, { organizationId, userId }: { organizationId: string; userId: string }, caseId: string) {
  if (!isUuid(caseId)) return null
  const viewer = await loadCaseViewer(db, organizationId, userId)
  if (!viewer) return null
  const found = await findVisibleCase(db, { organizationId, caseId, scope: viewer.scope })
  return found ? { viewer, ...found } : null
}

/** The rules' view of a case (as case-actions.server.ts builds it). */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)

export interface CaseAttachmentView {
  id: string
  fileName: string
  contentType: string
  byteSize: number
}

export interface CaseClockView {
  kind: ClockKind
  departmentId: string | null
  badge: SlaBadge
  startedAt: string
  /** Null while paused. */
  dueAt: string | null
  pausedAt: string | null
  stoppedAt: string | null
  /** Working time left (negative once overdue); for a stopped clock, what was left when it stopped. */
  remainingMs: number
}

/** What an event says beyond its type and body, read from its stored details. */
export interface CaseEventDetails {
  from?: Party
  to?: Party
  departmentIds?: string[]
  departmentId?: string | null
  /** The event's own text: findings, what was done, the reason for a hold, the patient's new information, a note. */
  text?: string | null
  remedy?: string | null
  via?: AnswerChannel | null
  urgent?: boolean
  valid?: boolean
  clockKind?: ClockKind
  milestone?: Milestone
  channel?: Channel | null
}

export interface CaseEventView {
  id: string
  type: string
  createdAt: string
  actorUserId: string | null
  body: string | null
  visibleToPatient: boolean
  /** Written by the patient (added information, an SMS). */
  fromPatient: boolean
  attachments: CaseAttachmentView[]
  details: CaseEventDetails
}

const PATIENT_EVENTS = new Set(['patient_added_info', 'sms_received'])
const OWNER_EVENTS = new Set(['handed_over', 'assigned', 'owner_changed'])
/** Events whose stored details carry their text under this field. */
const TEXT_FIELD: Record<string, string> = {
  findings_recorded: 'findings',
  resolved_on_the_spot: 'whatWasDone',
  on_hold: 'reason',
  reopened: 'newInformation',
  accepted: 'note',
  investigation_started: 'note',
  resumed: 'note',
  urgency_changed: 'note',
  closed: 'finding',
}

const str = (v: unknown) => (typeof v === 'string' ? v : null)
const party = (v: unknown): Party | undefined => {
  if (!v || typeof v !== 'object') return undefined
  const p = v as Record<string, unknown>
  return { departmentId: str(p.departmentId), userId: str(p.userId) }
}
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined => (list as readonly unknown[]).includes(v) ? (v as T) : undefined

function detailsOf(type: string, raw: unknown, channel: Channel | null): CaseEventDetails {
  const data = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}
  const details: CaseEventDetails = {}
  if (type === 'received') details.channel = channel
  if (OWNER_EVENTS.has(type)) {
    const from = party(data.from)
    const to = party(data.to)
    if (from) details.from = from
    if (to) details.to = to
  }
  if (Array.isArray(data.departmentIds)) details.departmentIds = data.departmentIds.filter((id): id is string => typeof id === 'string')
  if ('departmentId' in data) details.departmentId = str(data.departmentId)
  const textField = TEXT_FIELD[type]
  if (textField) details.text = str(data[textField])
  if (type === 'closed') details.remedy = str(data.remedy)
  if (typeof data.valid === 'boolean') details.valid = data.valid
  if (typeof data.urgent === 'boolean') details.urgent = data.urgent
  const via = oneOf(['sms', 'email', 'phone'] as const, data.via)
  if (via) details.via = via
  const clockKind = oneOf(CLOCK_KINDS, data.clockKind)
  if (clockKind) details.clockKind = clockKind
  const milestone = oneOf(MILESTONES, data.milestone)
  if (milestone) details.milestone = milestone
  return details
}

/** A department named on the page (inactive ones too: old events may name them). */
export interface CaseDepartmentName {
  id: string
  name: string
  nameEn: string | null
  type: string
  active: boolean
}

function userIdsOf(row: CaseRow, involved: CaseDepartmentRow[], events: { actorUserId: string | null; details: CaseEventDetails }[], enteredBy: string | null) {
  const ids = new Set<string>()
  const add = (id: string | null | undefined) => void (id && ids.add(id))
  add(row.ownerUserId)
  add(row.firstResponsibleUserId)
  add(row.attributedUserId)
  add(enteredBy)
  for (const d of involved) add(d.findingsByUserId)
  for (const e of events) {
    add(e.actorUserId)
    add(e.details.from?.userId)
    add(e.details.to?.userId)
  }
  return ids
}

export type CaseView = NonNullable<Awaited<ReturnType<typeof loadCaseView>>>

/** The case page for one viewer; null when they may not see the case (the page is then a 404). */
export async function loadCaseView(ctx: AppContext, { organizationId, userId }: { organizationId: string; userId: string }, caseId: string) {
  const found = await findCaseForViewer(ctx.db, { organizationId, userId }, caseId)
  if (!found) return null
  const { viewer, case: row, submission, touchpoint } = found
  const [organization, clockRows, involved, events, files, departments, overrides] = await Promise.all([
    findOrganizationById(ctx.db, { organizationId }),
    listCaseClocks(ctx.db, { organizationId, caseId }),
    listInvolvedDepartments(ctx.db, { organizationId, caseId }),
    listCaseTimeline(ctx.db, { organizationId, submissionId: submission.id }),
    listAttachments(ctx.db, { organizationId, submissionId: submission.id }),
    listDepartments(ctx.db, { organizationId }),
    loadCalendarOverrides(ctx.db, organizationId),
  ])
  if (!organization) return null
  const now = ctx.clock.now()
  const calendar: WorkingCalendar = { timeZone: organization.timeZone, overrides }
  const patientService = departments.find((d) => d.type === 'patient_service')

  const meta = (f: (typeof files)[number]): CaseAttachmentView => ({ id: f.id, fileName: f.fileName, contentType: f.contentType, byteSize: f.byteSize })
  const receivedEvent = events.find((e) => e.type === 'received')
  const timeline: CaseEventView[] = events.map((e) => ({
    id: e.id,
    type: e.type,
    createdAt: e.createdAt.toISOString(),
    actorUserId: e.actorUserId,
    body: e.body,
    visibleToPatient: e.visibleToPatient,
    fromPatient: PATIENT_EVENTS.has(e.type),
    attachments: files.filter((f) => f.timelineEventId === e.id && e.id !== receivedEvent?.id).map(meta),
    details: detailsOf(e.type, e.data, e.channel),
  }))

  // First contact, answer, then the departments' findings in the order they were asked.
  const ordered = [...clockRows].sort((a, b) => CLOCK_KINDS.indexOf(a.kind) - CLOCK_KINDS.indexOf(b.kind) || a.startedAt.getTime() - b.startedAt.getTime())
  const clocks: CaseClockView[] = ordered.map((c) => ({
    kind: c.kind,
    departmentId: c.departmentId,
    badge: slaBadge({ dueAt: c.dueAt, pausedAt: c.pausedAt, stoppedAt: c.stoppedAt }, now),
    startedAt: c.startedAt.toISOString(),
    dueAt: iso(c.dueAt),
    pausedAt: iso(c.pausedAt),
    stoppedAt: iso(c.stoppedAt),
    remainingMs: remainingWorkingMs(clockFromRow(c), now, calendar),
  }))

  const state = caseStateOf(row, involved)
  const actor = { userId, role: viewer.role, departmentIds: viewer.departmentIds }
  const actions: CaseActionType[] = patientService ? availableActions(state, actor, { patientServiceDepartmentId: patientService.id, now }) : []
  const forms = await formOptions(ctx, { organizationId, viewer, actions, involved, departments, patientServiceId: patientService?.id ?? null, contact: submission })

  const userIds = userIdsOf(row, involved, timeline, submission.enteredByUserId)
  for (const u of forms.staff) userIds.delete(u.id)
  const names = await listMemberNames(ctx.db, { organizationId, userIds: [...userIds] })
  const users: Record<string, string> = Object.fromEntries([...names.map((u) => [u.id, u.name] as const), ...forms.staff.map((u) => [u.id, u.name] as const)])

  return {
    timeZone: organization.timeZone,
    case: {
      id: row.id,
      number: row.number,
      status: row.status as CaseStatus,
      heldFrom: row.heldFrom as CaseStatus | null,
      urgent: row.urgent,
      category: row.category,
      openedAt: row.openedAt.toISOString(),
      answerDueAt: row.answerDueAt.toISOString(),
      owner: state.owner,
      firstResponsible: state.firstResponsible,
      answer: row.answer,
      answeredAt: iso(row.answeredAt),
      answerVia: row.answerVia,
      declineReason: row.declineReason,
      resolution: row.resolution,
      resolutionNote: row.resolutionNote,
      finding: row.finding,
      valid: row.valid,
      attributedDepartmentId: row.attributedDepartmentId,
      attributedUserId: row.attributedUserId,
      remedy: row.remedy,
      closedAt: iso(row.closedAt),
    },
    submission: {
      kind: submission.kind as SubmissionKind,
      channel: submission.channel as Channel,
      text: submission.text,
      receivedAt: submission.receivedAt.toISOString(),
      touchpoint: touchpoint?.id ? { name: touchpoint.name, nameEn: touchpoint.nameEn } : null,
      departmentId: submission.departmentId,
      enteredByUserId: submission.enteredByUserId,
      consentToContact: submission.consentToContact,
      locale: submission.locale,
      attachments: files.filter((f) => f.timelineEventId === null || f.timelineEventId === receivedEvent?.id).map(meta),
    },
    /** Masked: the full contact only comes from an audited reveal. */
    contact: {
      name: submission.contactName ? maskName(submission.contactName) : null,
      phone: submission.contactPhone ? maskPhone(submission.contactPhone) : null,
      email: submission.contactEmail ? maskEmail(submission.contactEmail) : null,
    },
    clocks,
    involved: involved.map((d) => ({
      departmentId: d.departmentId,
      involvedAt: d.involvedAt.toISOString(),
      findings: d.findings,
      findingsRecordedAt: iso(d.findingsRecordedAt),
      findingsByUserId: d.findingsByUserId,
    })),
    timeline,
    names: {
      departments: departments.map((d): CaseDepartmentName => ({ id: d.id, name: d.name, nameEn: d.nameEn, type: d.type, active: d.active })),
      users,
    },
    actions,
    /** Internal notes: everyone who can see the case except leadership, who change nothing. */
    canAddNote: viewer.role !== 'leadership',
    forms,
  }
}

/** The choices the action forms offer, only for the actions the viewer has. */
async function formOptions(
  ctx: AppContext,
  {
    organizationId,
    viewer,
    actions,
    involved,
    departments,
    patientServiceId,
    contact,
  }: {
    organizationId: string
    viewer: CaseViewer
    actions: CaseActionType[]
    involved: CaseDepartmentRow[]
    departments: Awaited<ReturnType<typeof listDepartments>>
    patientServiceId: string | null
    contact: { contactPhone: string | null; contactEmail: string | null }
  },
) {
  const has = (type: CaseActionType) => actions.includes(type)
  const members = has('assign') || has('close') ? (await listMembers(ctx.db, { organizationId })).filter((m) => m.membership.active) : []
  const pending = new Set(involved.filter((d) => !d.findingsRecordedAt).map((d) => d.departmentId))
  const runsCases = viewer.role === 'admin' || viewer.role === 'patient_service'
  const active = departments.filter((d) => d.active)
  const patientServiceStaff = patientServiceId
    ? members.filter((m) => isPatientServiceUser({ role: m.membership.role, departmentIds: m.departmentIds }, patientServiceId)).map((m) => m.user.id)
    : []
  const via: AnswerChannel[] = [...(contact.contactPhone ? (['sms'] as const) : []), ...(contact.contactEmail ? (['email'] as const) : []), 'phone']
  return {
    patientServiceId,
    /** Everyone in the hospital, for attributing a valid complaint and naming patient-service staff. */
    staff: members.map((m) => ({ id: m.user.id, name: m.user.name })),
    /** Assign: the patient-service department's queue or one of its people. */
    assignUserIds: has('assign') ? patientServiceStaff : [],
    /** Involve: active departments other than patient service; those still owing findings cannot be asked again. */
    involveChoices: has('involveDepartments')
      ? active.filter((d) => d.type !== 'patient_service').map((d) => ({ departmentId: d.id, pending: pending.has(d.id) }))
      : [],
    /** Findings: involved departments still owing them, that the viewer answers for. */
    findingsDepartmentIds: has('recordFindings') ? [...pending].filter((id) => runsCases || viewer.departmentIds.includes(id)) : [],
    attributionDepartmentIds: has('close') ? active.map((d) => d.id) : [],
    /** How the patient can be told: SMS or email only when they left one; by phone or in person always. */
    via,
  }
}

/** One file of a case's submission (bytes included) for a viewer who may see the case; null otherwise. */
export async function loadCaseAttachment(ctx: AppContext, { organizationId, userId }: { organizationId: string; userId: string }, caseId: string, attachmentId: string) {
  if (!isUuid(caseId) || !isUuid(attachmentId)) return null
  const viewer = await loadCaseViewer(ctx.db, organizationId, userId)
  if (!viewer) return null
  return (await findVisibleCaseAttachment(ctx.db, { organizationId, caseId, attachmentId, scope: viewer.scope })) ?? null
}
