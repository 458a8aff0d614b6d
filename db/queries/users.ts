import { and, eq, sql } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { membershipDepartments, memberships, organizations, users } from '../schema/index.ts'

export type User = typeof users.$inferSelect

export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1)
  return row
}

export async function findUserById(db: Executor, userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1)
  return row
}

export async function insertUser(db: Executor, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning()
  return row!
}

export async function updateUser(db: Executor, userId: string, values: Partial<Pick<User, 'name' | 'passwordHash' | 'locale' | 'passwordChangedAt'>>) {
  await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, userId))
}

/** A user's active memberships with their hospitals, for choosing where to land after sign-in. */
export async function listMembershipsOfUser(db: Executor, userId: string) {
  return db
    .select({
      membershipId: memberships.id,
      role: memberships.role,
      organizationId: organizations.id,
      organizationSlug: organizations.slug,
      organizationName: organizations.name,
      organizationNameEn: organizations.nameEn,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), eq(memberships.active, true)))
    .orderBy(organizations.name)
}

/** The membership of a user in one hospital, with its department scope. Undefined if none or inactive. */
export async function findActiveMembership(db: Executor, { organizationId, userId }: { organizationId: string; userId: string }) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId), eq(memberships.active, true)))
    .limit(1)
  if (!row) return undefined
  const scope = await db
    .select({ departmentId: membershipDepartments.departmentId })
    .from(membershipDepartments)
    .where(eq(membershipDepartments.membershipId, row.id))
  return { ...row, departmentIds: scope.map((s) => s.departmentId) }
}
