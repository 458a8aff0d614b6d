import { describe, expect, it } from 'vitest'
import { canMove, canMoveCampaign, CAMPAIGN_STATUSES, INVITATION_STATUSES, isFinal } from '#app/domain/survey-invitation.ts'

describe('invitation status', () => {
  it('moves forward through sending, delivery, opening and completion', () => {
    expect(canMove('scheduled', 'sent')).toBe(true)
    expect(canMove('sent', 'delivered')).toBe(true)
    expect(canMove('delivered', 'opened')).toBe(true)
    expect(canMove('sent', 'opened')).toBe(true) // the delivery callback may never come
    expect(canMove('opened', 'completed')).toBe(true)
  })

  it('never moves back: a late delivery callback after the patient opened the link changes nothing', () => {
    expect(canMove('opened', 'delivered')).toBe(false)
    expect(canMove('delivered', 'sent')).toBe(false)
    expect(canMove('sent', 'scheduled')).toBe(false)
  })

  it('keeps completed, expired and opted-out invitations as they are', () => {
    for (const final of INVITATION_STATUSES.filter(isFinal)) for (const to of INVITATION_STATUSES) expect(canMove(final, to), `${final} → ${to}`).toBe(false)
  })

  it('lets a failed invitation be sent again, and a failure only before delivery', () => {
    expect(canMove('failed', 'scheduled')).toBe(true)
    expect(canMove('failed', 'sent')).toBe(true)
    expect(canMove('sent', 'failed')).toBe(true)
    expect(canMove('delivered', 'failed')).toBe(false)
    expect(canMove('opened', 'failed')).toBe(false)
  })

  it('expires or opts out any invitation that is not final', () => {
    for (const from of INVITATION_STATUSES.filter((s) => !isFinal(s))) {
      expect(canMove(from, 'expired'), from).toBe(true)
      expect(canMove(from, 'opted_out'), from).toBe(true)
    }
  })
})

describe('campaign status', () => {
  it('starts, pauses, resumes and stops; a stopped campaign stays stopped', () => {
    expect(canMoveCampaign('draft', 'running')).toBe(true)
    expect(canMoveCampaign('running', 'paused')).toBe(true)
    expect(canMoveCampaign('paused', 'running')).toBe(true)
    expect(canMoveCampaign('running', 'draft')).toBe(false)
    for (const to of CAMPAIGN_STATUSES) expect(canMoveCampaign('stopped', to)).toBe(false)
  })
})
