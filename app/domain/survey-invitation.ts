/**
 * A survey invitation's life (DESIGN.md §4): the status every invitation has, and which
 * changes are allowed. Provider callbacks arrive late and out of order, so a status never
 * moves back (a `delivered` callback after the patient `completed` the survey changes
 * nothing), and the final states stay final.
 */
export const INVITATION_STATUSES = ['scheduled', 'sent', 'delivered', 'failed', 'opened', 'completed', 'expired', 'opted_out'] as const
export type InvitationStatus = (typeof INVITATION_STATUSES)[number]

/** Higher is further along; final states end the invitation. */
const RANK: Record<InvitationStatus, number> = {
  scheduled: 0,
  sent: 1,
  failed: 1,
  delivered: 2,
  opened: 3,
  completed: 4,
  expired: 4,
  opted_out: 4,
}
const FINAL: ReadonlySet<InvitationStatus> = new Set(['completed', 'expired', 'opted_out'])

export const isFinal = (status: InvitationStatus) => FINAL.has(status)

/**
 * Whether an invitation may move from `from` to `to`. Forward only; `failed` may be retried
 * (back to `scheduled`, or `sent` by a later attempt); a late `failed` callback does not undo
 * a delivery the patient already acted on.
 */
export function canMove(from: InvitationStatus, to: InvitationStatus): boolean {
  if (from === to || isFinal(from)) return false
  if (from === 'failed') return to === 'scheduled' || to === 'sent' || to === 'delivered' || isFinal(to)
  if (to === 'failed') return from === 'scheduled' || from === 'sent'
  if (to === 'scheduled') return false
  return RANK[to] > RANK[from]
}

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'stopped'] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

/** Start, pause (unsent invitations wait), resume and stop (unsent invitations are dropped). */
export function canMoveCampaign(from: CampaignStatus, to: CampaignStatus): boolean {
  switch (from) {
    case 'draft':
      return to === 'running' || to === 'stopped'
    case 'running':
      return to === 'paused' || to === 'stopped'
    case 'paused':
      return to === 'running' || to === 'stopped'
    case 'stopped':
      return false
  }
}

export const PATIENT_EVENT_TYPES = ['discharge', 'visit'] as const
export type PatientEventType = (typeof PATIENT_EVENT_TYPES)[number]
