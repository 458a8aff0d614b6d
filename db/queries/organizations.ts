import { eq } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { organizations } from '../schema/index.ts'

export type Organization = typeof organizations.$inferSelect

export async function findOrganizationBySlug(db: Executor, slug: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.slug, slug)).limit(1)
  return row
}

export async function findOrganizationById(db: Executor, { organizationId }: { organizationId: string }) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, organizationId)).limit(1)
  return row
}

export async function countOrganizations(db: Executor) {
  const rows = await db.select({ id: organizations.id }).from(organizations).limit(1)
  return rows.length
}

export async function insertOrganization(db: Executor, values: typeof organizations.$inferInsert) {
  const [row] = await db.insert(organizations).values(values).returning()
  return row!
}

export async function updateOrganization(
  db: Executor,
  { organizationId, ...values }: { organizationId: string } & Partial<Pick<Organization, 'name' | 'nameEn' | 'timeZone' | 'defaultLocale' | 'smsNumber' | 'intakeLimitPerHour' | 'smsAttachWindowDays'>>,
) {
  const [row] = await db
    .update(organizations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(organizations.id, organizationId))
    .returning()
  return row
}
