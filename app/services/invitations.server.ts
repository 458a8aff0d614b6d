import { z } from 'zod'
import { isLocale, type Locale } from '#app/domain/locales.ts'
import { isDepartmentScoped, ROLES, type Role } from '#app/domain/roles.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashPassword, verifyPassword } from '#app/lib/password.server.ts'
import { limiter } from '#app/lib/rate-limit.server.ts'
import { hashToken, newToken } from '#app/lib/tokens.server.ts'
import type { Executor } from '#db/executor.ts'
import { listDepartments } from '#db/queries/departments.ts'
import { findOpenInvitationByTokenHash, insertInvitation, markInvitationAccepted } from '#db/queries/invitations.ts'
import { insertMembership } from '#db/queries/memberships.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { findUserByEmail, insertUser, updateUser } from '#db/queries/users.ts'
import { renderInvitationEmail } from '#emails/invitation.ts'
import { audit } from './audit.server.ts'
import { newPasswordSchema } from './auth.server.ts'
import { queueEmail } from './messages.server.ts'

export const INVITATION_VALID_DAYS = 7

export const invitationInputSchema = z.object({
  email: z.string().trim().toLowerCase().email('common:errors.invalidEmail').max(254, 'common:errors.tooLong'),
  name: z.string().trim().min(1, 'common:errors.required').max(60, 'common:errors.tooLong'),
  role: z.enum(ROLES, { message: 'common:errors.required' }),
  departmentIds: z.array(z.string().uuid()).default([]),
})
export type InvitationInput = z.input<typeof invitationInputSchema>

export type InviteError = 'scopeRequired' | 'departmentInvalid'

/**
 * Creates a one-time invitation and emails its link through the mail transport. The token
 * exists only in the email; the database keeps its hash.
 */
export async function inviteStaff(
  ctx: AppContext,
  db: Executor,
  actor: { organizationId: string; actorUserId: string | null; actorName: string; locale: Locale },
  input: InvitationInput,
): Promise<{ ok: true; invitationId: string; link: string; dispatch: () => Promise<void> } | { ok: false; error: InviteError }> {
  const data = invitationInputSchema.parse(input)
  const departments = await listDepartments(db, { organizationId: actor.organizationId })
  const valid = new Set(departments.filter((d) => d.active).map((d) => d.id))
  if (data.departmentIds.some((id) => !valid.has(id))) return { ok: false, error: 'departmentInvalid' }
  if (isDepartmentScoped(data.role) && data.departmentIds.length === 0) return { ok: false, error: 'scopeRequired' }
  const departmentIds = isDepartmentScoped(data.role) ? data.departmentIds : []

  const organization = await findOrganizationById(db, { organizationId: actor.organizationId })
  if (!organization) throw new Error('organization not found')
  const token = newToken()
  const now = ctx.clock.now()
  const invitation = await insertInvitation(db, {
    organizationId: actor.organizationId,
    email: data.email,
    name: data.name,
    role: data.role,
    departmentIds,
    tokenHash: hashToken(token),
    invitedByUserId: actor.actorUserId,
    expiresAt: new Date(now.getTime() + INVITATION_VALID_DAYS * 24 * 3600 * 1000),
  })
  const link = `${ctx.config.publicUrl}/invite/${token}`
  const locale = isLocale(organization.defaultLocale) ? organization.defaultLocale : actor.locale
  const { dispatch } = await queueEmail(ctx, db, {
    organizationId: actor.organizationId,
    to: data.email,
    template: 'staff-invitation',
    email: renderInvitationEmail({
      locale,
      name: data.name,
      hospitalName: locale === 'en' && organization.nameEn ? organization.nameEn : organization.name,
      inviterName: actor.actorName,
      role: data.role,
      link,
      validDays: INVITATION_VALID_DAYS,
    }),
  })
  await audit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.actorUserId,
    action: 'invitation.created',
    entityType: 'invitation',
    entityId: invitation.id,
    after: { email: data.email, name: data.name, role: data.role, departmentIds },
  })
  return { ok: true, invitationId: invitation.id, link, dispatch }
}

/** What the invitation page shows; undefined when the link is invalid, used or expired. */
export async function findInvitation(ctx: AppContext, token: string) {
  const found = await findOpenInvitationByTokenHash(ctx.db, { tokenHash: hashToken(token), now: ctx.clock.now() })
  if (!found) return undefined
  const existingUser = await findUserByEmail(ctx.db, found.invitation.email)
  return {
    email: found.invitation.email,
    name: found.invitation.name,
    role: found.invitation.role as Role,
    hospitalName: found.organization.name,
    hospitalNameEn: found.organization.nameEn,
    hospitalSlug: found.organization.slug,
    hasAccount: Boolean(existingUser?.passwordHash),
  }
}

export const acceptInvitationSchema = z.object({
  name: z.string().trim().min(1, 'common:errors.required').max(60, 'common:errors.tooLong').optional(),
  password: z.string().min(1, 'common:errors.required').max(256),
})

export type AcceptResult = { ok: true; userId: string; hospitalSlug: string } | { ok: false; error: 'invalid' | 'wrongPassword' | 'tooShort' | 'tooLong' | 'throttled' }

/** Creates the account (or links an existing one after its password is checked) and the membership, once. */
export async function acceptInvitation(ctx: AppContext, token: string, input: { name?: string | undefined; password: string }): Promise<AcceptResult> {
  const now = ctx.clock.now()
  const found = await findOpenInvitationByTokenHash(ctx.db, { tokenHash: hashToken(token), now })
  if (!found) return { ok: false, error: 'invalid' }
  const { invitation, organization } = found
  const existing = await findUserByEmail(ctx.db, invitation.email)
  if (existing?.passwordHash) {
    // The link must not become a way to guess an existing account's password.
    const attempts = limiter(ctx, 'invitation-password', 5, 15 * 60)
    if (await attempts.blockedFor(invitation.id)) return { ok: false, error: 'throttled' }
    if (!(await verifyPassword(existing.passwordHash, input.password))) {
      await attempts.consume(invitation.id)
      return { ok: false, error: 'wrongPassword' }
    }
  } else {
    const checked = newPasswordSchema.safeParse(input.password)
    if (!checked.success) return { ok: false, error: checked.error.issues[0]?.message === 'tooLong' ? 'tooLong' : 'tooShort' }
  }
  const passwordHash = existing?.passwordHash ? null : await hashPassword(input.password)
  return ctx.db.transaction(async (tx) => {
    if (!(await markInvitationAccepted(tx, { invitationId: invitation.id, now }))) return { ok: false, error: 'invalid' } as const
    const user =
      existing ??
      (await insertUser(tx, { email: invitation.email, name: input.name?.trim() || invitation.name, passwordHash, locale: organization.defaultLocale }))
    if (existing && !existing.passwordHash && passwordHash) {
      await updateUser(tx, existing.id, { passwordHash, name: input.name?.trim() || existing.name })
    }
    const membership = await insertMembership(tx, { organizationId: organization.id, userId: user.id, role: invitation.role as Role, departmentIds: invitation.departmentIds })
    await audit(tx, {
      organizationId: organization.id,
      actorUserId: user.id,
      action: 'invitation.accepted',
      entityType: 'membership',
      entityId: membership.id,
      after: { role: membership.role, departmentIds: invitation.departmentIds, email: invitation.email },
    })
    return { ok: true, userId: user.id, hospitalSlug: organization.slug } as const
  })
}
