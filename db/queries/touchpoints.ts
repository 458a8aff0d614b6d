import { and, asc, eq, sql } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { departments, touchpoints } from '../schema/index.ts'

export type Touchpoint = typeof touchpoints.$inferSelect
type Tenant = { organizationId: string }

export async function listTouchpoints(db: Executor, { organizationId }: Tenant) {
  return db
    .select({ touchpoint: touchpoints, departmentName: departments.name, departmentNameEn: departments.nameEn })
    .from(touchpoints)
    .innerJoin(departments, eq(departments.id, touchpoints.departmentId))
    .where(eq(touchpoints.organizationId, organizationId))
    .orderBy(asc(departments.name), asc(touchpoints.name))
}

export async function findTouchpoint(db: Executor, { organizationId, touchpointId }: Tenant & { touchpointId: string }) {
  const [row] = await db
    .select()
    .from(touchpoints)
    .where(and(eq(touchpoints.organizationId, organizationId), eq(touchpoints.id, touchpointId)))
    .limit(1)
  return row
}

export async function insertTouchpoint(db: Executor, { organizationId, ...values }: Tenant & Omit<typeof touchpoints.$inferInsert, 'organizationId' | 'id'>) {
  const [row] = await db
    .insert(touchpoints)
    .values({ organizationId, ...values })
    .returning()
  return row!
}

export async function updateTouchpoint(
  db: Executor,
  { organizationId, touchpointId, ...values }: Tenant & { touchpointId: string } & Partial<Pick<Touchpoint, 'name' | 'nameEn' | 'departmentId' | 'active'>>,
) {
  const [row] = await db
    .update(touchpoints)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(touchpoints.organizationId, organizationId), eq(touchpoints.id, touchpointId)))
    .returning()
  return row
}

export async function publicCodeExists(db: Executor, code: string) {
  const rows = await db
    .select({ id: touchpoints.id })
    .from(touchpoints)
    .where(sql`lower(${touchpoints.publicCode}) = lower(${code})`)
    .limit(1)
  return rows.length > 0
}
