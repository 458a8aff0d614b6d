import type { CaseActionType } from '#app/domain/case-actions.ts'
import type { CaseEvent, OwnerChangeVia } from '#app/domain/case-workflow.ts'
import type { Executor } from '#db/executor.ts'
import { insertTimelineEvents } from '#db/queries/case-workflow.ts'

/** Timeline event type per action (hand-overs and assignments are recorded as their owner change). */
const ACTION_EVENT: Record<CaseActionType, string | null> = {
  accept: 'accepted',
  decline: 'not_accepted',
  startInvestigation: 'investigation_started',
  involveDepartments: 'departments_involved',
  recordFindings: 'findings_recorded',
  respond: 'responded',
  close: 'closed',
  reopen: 'reopened',
  hold: 'on_hold',
  resume: 'resumed',
  resolveOnTheSpot: 'resolved_on_the_spot',
  handOver: null,
  assign: null,
  setUrgency: 'urgency_changed',
}
const OWNER_EVENT: Record<OwnerChangeVia, string> = { handOver: 'handed_over', assign: 'assigned', accept: 'owner_changed' }

/** What the patient sees on the tracking page: the decision on their complaint and the answer; the rest is internal. */
const VISIBLE_TO_PATIENT = new Set(['accepted', 'not_accepted', 'responded', 'closed', 'resolved_on_the_spot', 'reopened'])

type TimelineRow = Parameters<typeof insertTimelineEvents>[1]['events'][number]
type EventAction = Extract<CaseEvent, { type: 'action' }>['action']

/** The text shown with an event: for patient-visible events only what the patient should read. */
function bodyOf(action: EventAction): string | null {
  switch (action.type) {
    case 'decline':
      return action.reason
    case 'respond':
    case 'close':
      return action.answer
    default:
      return null
  }
}

/** The action's fields (without its type), kept as the event's details. */
function detailsOf(action: EventAction) {
  const { type: _type, ...fields } = action
  return fields
}

/** Writes a decision's events to the submission's timeline. */
export async function recordCaseEvents(tx: Executor, { organizationId, submissionId, caseId, events }: { organizationId: string; submissionId: string; caseId: string; events: CaseEvent[] }) {
  const rows = events.flatMap((e): TimelineRow[] => {
    const common = { submissionId, caseId, actorUserId: e.byUserId, createdAt: e.at }
    if (e.type === 'owner_changed') {
      return [{ ...common, type: OWNER_EVENT[e.via], visibleToPatient: false, body: e.reason, data: { from: e.from, to: e.to, reason: e.reason, via: e.via } }]
    }
    const type = ACTION_EVENT[e.action.type]
    if (!type) return []
    return [{ ...common, type, visibleToPatient: VISIBLE_TO_PATIENT.has(type), body: bodyOf(e.action), data: { fromStatus: e.fromStatus, toStatus: e.toStatus, ...detailsOf(e.action) } }]
  })
  await insertTimelineEvents(tx, { organizationId, events: rows })
}
