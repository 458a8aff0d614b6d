import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { invitations, organizations } from '../schema/index.ts'

export async function insertInvitation(db: Executor, values: typeof invitations.$inferInsert) {
  const [row] = await db.insert(invitations).values(values).returning()
  return row!
}

/** A usable invitation (not accepted, not expired) with its hospital, found by token hash. */
export async function findOpenInvitationByTokenHash(db: Executor, { tokenHash, now }: { tokenHash: string; now: Date }) {
  const [row] = await db
    .select({ invitation: invitations, organization: organizations })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
    .limit(1)
  return row
}

/** Marks accepted only if still open; returns false when someone else used it first. */
export async function markInvitationAccepted(db: Executor, { invitationId, now }: { invitationId: string; now: Date }) {
  const rows = await db
    .update(invitations)
    .set({ acceptedAt: now })
    .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id })
  return rows.length === 1
}

export async function listPendingInvitations(db: Executor, { organizationId, now }: { organizationId: string; now: Date }) {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.organizationId, organizationId), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt))
}
