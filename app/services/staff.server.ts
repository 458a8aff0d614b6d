import { z } from 'zod'
import { isUuid } from '#app/domain/form-fields.ts'
import type { Locale } from '#app/domain/locales.ts'
import { isDepartmentScoped, ROLES, type Role } from '#app/domain/roles.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashToken } from '#app/lib/tokens.server.ts'
import type { Executor } from '#db/executor.ts'
import { listDepartments, type Department } from '#db/queries/departments.ts'
import { listPendingInvitations } from '#db/queries/invitations.ts'
import { findMember, listMembers, replaceMembershipScope, updateMembership } from '#db/queries/memberships.ts'
import {
  deletePendingInvitation,
  findInvitationStateByTokenHash,
  findMembershipByEmail,
  findOpenInvitationByEmail,
  lockActiveAdmins,
  lockInvitationEmail,
} from '#db/queries/staff.ts'
import { audit } from './audit.server.ts'
import { findInvitation, invitationInputSchema, inviteStaff, type InviteError } from './invitations.server.ts'

const departmentIdsSchema = z.array(z.uuid('staff:errors.departmentInvalid')).default([])

/** The invite form: who, which role, which departments (only kept for scoped roles). */
export const staffInvitationSchema = invitationInputSchema.extend({ departmentIds: departmentIdsSchema })

/** The role form on a member's page. */
export const staffRoleSchema = z.object({
  role: z.enum(ROLES, { message: 'common:errors.required' }),
  departmentIds: departmentIdsSchema,
})
export type StaffRoleInput = z.infer<typeof staffRoleSchema>

type Tenant = { organizationId: string }
type Actor = Tenant & { actorUserId: string }


function scopeOf(ids: readonly string[], byId: Map<string, Department>) {
  return ids
    .map((id) => byId.get(id))
    .filter((d): d is Department => Boolean(d))
    .map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn, active: d.active }))
}

/** The staff page: members with role and scope, invitations still open, departments to choose from. */
export async function listStaff(ctx: AppContext, { organizationId }: Tenant) {
  const [members, invitations, departments] = await Promise.all([
    listMembers(ctx.db, { organizationId }),
    listPendingInvitations(ctx.db, { organizationId, now: ctx.clock.now() }),
    listDepartments(ctx.db, { organizationId }),
  ])
  const byId = new Map(departments.map((d) => [d.id, d]))
  return {
    members: members.map((m) => ({
      membershipId: m.membership.id,
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.membership.role,
      active: m.membership.active,
      departments: scopeOf(m.departmentIds, byId),
    })),
    invitations: invitations.map((i) => ({
      id: i.id,
      name: i.name,
      email: i.email,
      role: i.role,
      expiresAt: i.expiresAt,
      departments: scopeOf(i.departmentIds, byId),
    })),
    departments: departments.filter((d) => d.active).map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn })),
  }
}

export type StaffInviteError = InviteError | 'alreadyMember' | 'alreadyInvited'

/**
 * Invites one person by email. Refuses people who are already staff of this hospital or
 * already have an open invitation. The email is handed to the delivery worker only after
 * the invitation is committed, so a rolled-back invitation never sends a link.
 */
export async function inviteStaffMember(
  ctx: AppContext,
  actor: Actor & { actorName: string; locale: Locale },
  input: z.infer<typeof staffInvitationSchema>,
): Promise<{ ok: true; invitationId: string } | { ok: false; error: StaffInviteError }> {
  const result = await ctx.db.transaction(async (tx) => {
    await lockInvitationEmail(tx, { organizationId: actor.organizationId, email: input.email })
    if (await findMembershipByEmail(tx, { organizationId: actor.organizationId, email: input.email })) return { ok: false, error: 'alreadyMember' } as const
    if (await findOpenInvitationByEmail(tx, { organizationId: actor.organizationId, email: input.email, now: ctx.clock.now() }))
      return { ok: false, error: 'alreadyInvited' } as const
    return inviteStaff(ctx, tx, actor, input)
  })
  if (!result.ok) return result
  try {
    await result.dispatch()
  } catch (error) {
    // The message row stays queued and is visible on the Outbox page; the invitation stands.
    ctx.logger.error('invitation email could not be queued for delivery', { invitationId: result.invitationId, error })
  }
  return { ok: true, invitationId: result.invitationId }
}

/** Withdraws an invitation that has not been accepted; its link stops working at once. */
export async function revokeInvitation(ctx: AppContext, actor: Actor, invitationId: string): Promise<{ ok: true; email: string } | { ok: false; error: 'invitationNotFound' }> {
  if (!isUuid(invitationId)) return { ok: false, error: 'invitationNotFound' }
  return ctx.db.transaction(async (tx) => {
    const removed = await deletePendingInvitation(tx, { organizationId: actor.organizationId, invitationId })
    if (!removed) return { ok: false, error: 'invitationNotFound' } as const
    await audit(tx, { organizationId: actor.organizationId, actorUserId: actor.actorUserId, action: 'invitation.revoked', entityType: 'invitation', entityId: invitationId, before: removed })
    return { ok: true, email: removed.email } as const
  })
}

/** One member of this hospital for the edit page; undefined for another hospital's or a malformed id. */
export async function getStaffMember(ctx: AppContext, { organizationId, membershipId }: Tenant & { membershipId: string }) {
  if (!isUuid(membershipId)) return undefined
  const [member, departments] = await Promise.all([findMember(ctx.db, { organizationId, membershipId }), listDepartments(ctx.db, { organizationId })])
  if (!member) return undefined
  const byId = new Map(departments.map((d) => [d.id, d]))
  const scope = new Set(member.departmentIds)
  return {
    membershipId: member.membership.id,
    userId: member.user.id,
    name: member.user.name,
    email: member.user.email,
    role: member.membership.role,
    active: member.membership.active,
    departmentIds: member.departmentIds,
    departments: scopeOf(member.departmentIds, byId),
    /** Active departments, plus inactive ones still in this member's scope so they can be kept or removed. */
    choices: departments.filter((d) => d.active || scope.has(d.id)).map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn, active: d.active })),
  }
}

export type StaffChangeError = 'notFound' | 'scopeRequired' | 'departmentInvalid' | 'lastAdmin' | 'selfDemotion' | 'selfDeactivation'
type ChangeResult = { ok: true; changed: boolean } | { ok: false; error: StaffChangeError }

interface MemberState {
  role: Role
  active: boolean
  departmentIds: string[]
}

/**
 * Loads the member inside the transaction after locking the hospital's active admins, and
 * refuses a change that would leave no active admin or that an admin makes to their own
 * admin rights.
 */
async function lockedMember(tx: Executor, actor: Actor, membershipId: string) {
  const admins = await lockActiveAdmins(tx, { organizationId: actor.organizationId })
  const member = await findMember(tx, { organizationId: actor.organizationId, membershipId })
  if (!member) return undefined
  const before: MemberState = { role: member.membership.role, active: member.membership.active, departmentIds: [...member.departmentIds].sort() }
  const guard = (after: Pick<MemberState, 'role' | 'active'>, selfError: 'selfDemotion' | 'selfDeactivation'): StaffChangeError | null => {
    const losesAdmin = before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active)
    if (!losesAdmin) return null
    if (admins.filter((a) => a.id !== membershipId).length === 0) return 'lastAdmin'
    if (member.user.id === actor.actorUserId) return selfError
    return null
  }
  return { member, before, guard }
}

function snapshot(email: string, state: MemberState) {
  return { email, role: state.role, active: state.active, departmentIds: state.departmentIds }
}

/** Changes a member's role and department scope (scope is kept only for department heads and staff). */
export async function changeStaffRole(ctx: AppContext, actor: Actor, membershipId: string, input: StaffRoleInput): Promise<ChangeResult> {
  if (!isUuid(membershipId)) return { ok: false, error: 'notFound' }
  const departments = await listDepartments(ctx.db, { organizationId: actor.organizationId })
  return ctx.db.transaction(async (tx): Promise<ChangeResult> => {
    const locked = await lockedMember(tx, actor, membershipId)
    if (!locked) return { ok: false, error: 'notFound' }
    const { member, before, guard } = locked
    const allowed = new Set([...departments.filter((d) => d.active).map((d) => d.id), ...before.departmentIds])
    const requested = [...new Set(input.departmentIds)]
    if (requested.some((id) => !allowed.has(id))) return { ok: false, error: 'departmentInvalid' }
    if (isDepartmentScoped(input.role) && requested.length === 0) return { ok: false, error: 'scopeRequired' }
    const departmentIds = isDepartmentScoped(input.role) ? requested.sort() : []
    const error = guard({ role: input.role, active: before.active }, 'selfDemotion')
    if (error) return { ok: false, error }
    if (input.role === before.role && departmentIds.join() === before.departmentIds.join()) return { ok: true, changed: false }

    if (input.role !== before.role) await updateMembership(tx, { organizationId: actor.organizationId, membershipId, role: input.role })
    if (departmentIds.join() !== before.departmentIds.join()) await replaceMembershipScope(tx, { membershipId, departmentIds })
    await audit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.actorUserId,
      action: 'membership.updated',
      entityType: 'membership',
      entityId: membershipId,
      before: snapshot(member.user.email, before),
      after: snapshot(member.user.email, { ...before, role: input.role, departmentIds }),
    })
    return { ok: true, changed: true }
  })
}

/** Deactivates (the member can no longer open this hospital's pages) or reactivates a member. */
export async function setStaffMemberActive(ctx: AppContext, actor: Actor, membershipId: string, active: boolean): Promise<ChangeResult> {
  if (!isUuid(membershipId)) return { ok: false, error: 'notFound' }
  return ctx.db.transaction(async (tx): Promise<ChangeResult> => {
    const locked = await lockedMember(tx, actor, membershipId)
    if (!locked) return { ok: false, error: 'notFound' }
    const { member, before, guard } = locked
    const error = guard({ role: before.role, active }, 'selfDeactivation')
    if (error) return { ok: false, error }
    if (before.active === active) return { ok: true, changed: false }
    await updateMembership(tx, { organizationId: actor.organizationId, membershipId, active })
    await audit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.actorUserId,
      action: active ? 'membership.activated' : 'membership.deactivated',
      entityType: 'membership',
      entityId: membershipId,
      before: snapshot(member.user.email, before),
      after: snapshot(member.user.email, { ...before, active }),
    })
    return { ok: true, changed: true }
  })
}

export type InvitationLink =
  | { state: 'open'; invitation: NonNullable<Awaited<ReturnType<typeof findInvitation>>> }
  | { state: 'used' | 'expired' | 'unknown' }

/** What the invitation page shows for a link: the invitation, or why it no longer works. */
export async function describeInvitationLink(ctx: AppContext, token: string): Promise<InvitationLink> {
  if (!/^[\w-]{20,100}$/.test(token)) return { state: 'unknown' }
  const invitation = await findInvitation(ctx, token)
  if (invitation) return { state: 'open', invitation }
  const found = await findInvitationStateByTokenHash(ctx.db, { tokenHash: hashToken(token) })
  if (!found) return { state: 'unknown' }
  return { state: found.acceptedAt ? 'used' : 'expired' }
}
