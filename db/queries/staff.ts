import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { invitations, memberships, users } from '../schema/index.ts'

type Tenant = { organizationId: string }

/** The membership (active or not) of the account with this email in one hospital, if any. */
export async function findMembershipByEmail(db: Executor, { organizationId, email }: Tenant & { email: string }) {
  const [row] = await db
    .select({ id: memberships.id, active: memberships.active, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), sql`lower(${users.email}) = lower(${email})`))
    .limit(1)
  return row
}

/** An invitation to this email that can still be accepted. */
export async function findOpenInvitationByEmail(db: Executor, { organizationId, email, now }: Tenant & { email: string; now: Date }) {
  const [row] = await db
    .select({ id: invitations.id, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.organizationId, organizationId), sql`lower(${invitations.email}) = lower(${email})`, isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
    .limit(1)
  return row
}

/**
 * Serialises invitations to one email in one hospital until the transaction ends, so two
 * admins pressing "invite" at once cannot both create one.
 */
export async function lockInvitationEmail(db: Executor, { organizationId, email }: Tenant & { email: string }) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`invitation:${organizationId}:${email.toLowerCase()}`}, 0))`)
}

/**
 * Locks and returns the hospital's active administrators until the transaction ends. Two
 * admins demoting each other at the same moment then see each other's change, and the
 * second is refused instead of leaving the hospital without an administrator.
 */
export async function lockActiveAdmins(db: Executor, { organizationId }: Tenant) {
  return db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'admin'), eq(memberships.active, true)))
    .orderBy(asc(memberships.id))
    .for('update')
}

/** Removes a pending invitation; its link stops working. Undefined if not found in this hospital or already accepted. */
export async function deletePendingInvitation(db: Executor, { organizationId, invitationId }: Tenant & { invitationId: string }) {
  const [row] = await db
    .delete(invitations)
    .where(and(eq(invitations.organizationId, organizationId), eq(invitations.id, invitationId), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id, email: invitations.email, name: invitations.name, role: invitations.role, departmentIds: invitations.departmentIds, expiresAt: invitations.expiresAt })
  return row
}

/**
 * An invitation by token hash whatever its state, so the invitation page can tell a used
 * link from an expired one. No tenant argument by design: the token is the only key a visitor
 * has, and only the link's state is returned.
 */
export async function findInvitationStateByTokenHash(db: Executor, { tokenHash }: { tokenHash: string }) {
  const [row] = await db
    .select({ acceptedAt: invitations.acceptedAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(eq(invitations.tokenHash, tokenHash))
    .limit(1)
  return row
}
