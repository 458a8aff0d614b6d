import type { Locale } from '#app/domain/locales.ts'
import { maskEmail } from '#app/domain/phone.ts'
import { canMove } from '#app/domain/survey-invitation.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashToken } from '#app/lib/tokens.server.ts'
import type { Executor } from '#db/executor.ts'
import { isEmailOptedOut, optOutEmail } from '#db/queries/email-opt-outs.ts'
import { findInvitationByTokenHash, moveInvitation } from '#db/queries/survey-responses.ts'

/**
 * The unsubscribe link every survey email carries (DESIGN.md §4). It names the invitation, so
 * only its email address is opted out; SMS opt-out is the TD reply (sms-intake).
 */

const TOKEN_SHAPE = /^[\w-]{20,128}$/

export type UnsubscribeView =
  | { state: 'unknown' }
  | { state: 'no_email'; hospital: string; locale: Locale }
  | { state: 'ready' | 'done'; hospital: string; locale: Locale; email: string }

async function find(ctx: AppContext, token: string, forUpdate: boolean, db: Executor = ctx.db) {
  if (!TOKEN_SHAPE.test(token)) return undefined
  return findInvitationByTokenHash(db, hashToken(token), { forUpdate })
}

const hospitalName = (h: { name: string; nameEn: string | null }, locale: Locale) => (locale === 'en' && h.nameEn ? h.nameEn : h.name)

export async function unsubscribeView(ctx: AppContext, token: string): Promise<UnsubscribeView> {
  const found = await find(ctx, token, false)
  if (!found) return { state: 'unknown' }
  const { invitation, hospital } = found
  const name = hospitalName(hospital, invitation.locale)
  if (!invitation.email) return { state: 'no_email', hospital: name, locale: invitation.locale }
  const optedOut = await isEmailOptedOut(ctx.db, { organizationId: invitation.organizationId, email: invitation.email })
  return { state: optedOut ? 'done' : 'ready', hospital: name, locale: invitation.locale, email: maskEmail(invitation.email) }
}

/**
 * Opts the invitation's email address out of the hospital's survey emails and ends this
 * invitation (no reminder follows). Clicking twice, or a mail client's one-click POST after
 * the person's own click, changes nothing more.
 */
export async function unsubscribeByToken(ctx: AppContext, token: string): Promise<UnsubscribeView> {
  const now = ctx.clock.now()
  const done = await ctx.db.transaction(async (tx) => {
    const found = await find(ctx, token, true, tx)
    if (!found) return false
    const { invitation } = found
    if (!invitation.email) return true
    await optOutEmail(tx, { organizationId: invitation.organizationId, email: invitation.email!, at: now })
    if (canMove(invitation.status, 'opted_out')) {
      await moveInvitation(tx, { organizationId: invitation.organizationId, invitationId: invitation.id, from: invitation.status, to: 'opted_out', at: now, detail: { reason: 'unsubscribe_link' } })
    }
    return true
  })
  return done ? unsubscribeView(ctx, token) : { state: 'unknown' }
}
