import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { membershipDepartments, memberships, users } from '../schema/index.ts'
import type { Role } from '#app/domain/roles.ts'

type Tenant = { organizationId: string }

export async function insertMembership(db: Executor, values: { organizationId: string; userId: string; role: Role; departmentIds: string[] }) {
  const [row] = await db
    .insert(memberships)
    .values({ organizationId: values.organizationId, userId: values.userId, role: values.role })
    .onConflictDoUpdate({ target: [memberships.organizationId, memberships.userId], set: { role: values.role, active: true, updatedAt: new Date() } })
    .returning()
  await replaceMembershipScope(db, { membershipId: row!.id, departmentIds: values.departmentIds })
  return row!
}

export async function replaceMembershipScope(db: Executor, { membershipId, departmentIds }: { membershipId: string; departmentIds: string[] }) {
  await db.delete(membershipDepartments).where(eq(membershipDepartments.membershipId, membershipId))
  if (departmentIds.length > 0) await db.insert(membershipDepartments).values(departmentIds.map((departmentId) => ({ membershipId, departmentId })))
}

/** Staff of one hospital with role and department scope. */
export async function listMembers(db: Executor, { organizationId }: Tenant) {
  const rows = await db
    .select({ membership: memberships, user: { id: users.id, name: users.name, email: users.email } })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(users.name))
  const ids = rows.map((r) => r.membership.id)
  const scopes = ids.length
    ? await db.select().from(membershipDepartments).where(inArray(membershipDepartments.membershipId, ids))
    : []
  return rows.map((r) => ({ ...r, departmentIds: scopes.filter((s) => s.membershipId === r.membership.id).map((s) => s.departmentId) }))
}

export async function findMember(db: Executor, { organizationId, membershipId }: Tenant & { membershipId: string }) {
  const [row] = await db
    .select({ membership: memberships, user: { id: users.id, name: users.name, email: users.email } })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)))
    .limit(1)
  if (!row) return undefined
  const scope = await db.select().from(membershipDepartments).where(eq(membershipDepartments.membershipId, membershipId))
  return { ...row, departmentIds: scope.map((s) => s.departmentId) }
}

export async function updateMembership(db: Executor, { organizationId, membershipId, ...values }: Tenant & { membershipId: string; role?: Role; active?: boolean }) {
  const [row] = await db
    .update(memberships)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)))
    .returning()
  return row
}
