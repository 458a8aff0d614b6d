import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { departments, organizations, touchpoints } from '../schema/index.ts'

export type Touchpoint = typeof touchpoints.$inferSelect
type Tenant = { organizationId: string }

/** A hospital's touchpoints with their department's names; `departmentIds` narrows to those departments. */
export async function listTouchpoints(db: Executor, { organizationId, departmentIds }: Tenant & { departmentIds?: string[] }) {
  return db
    .select({ touchpoint: touchpoints, departmentName: departments.name, departmentNameEn: departments.nameEn })
    .from(touchpoints)
    .innerJoin(departments, eq(departments.id, touchpoints.departmentId))
    .where(and(eq(touchpoints.organizationId, organizationId), departmentIds ? inArray(touchpoints.departmentId, departmentIds) : undefined))
    .orderBy(asc(departments.name), asc(touchpoints.name))
}

/** Undefined when the touchpoint belongs to another hospital. */
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
  { organizationId, touchpointId, ...values }: Tenant & { touchpointId: string } & Partial<Pick<Touchpoint, 'name' | 'nameEn' | 'departmentId' | 'active' | 'publicCode'>>,
) {
  const [row] = await db
    .update(touchpoints)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(touchpoints.organizationId, organizationId), eq(touchpoints.id, touchpointId)))
    .returning()
  return row
}

/** Public codes are unique across all hospitals (they are the whole QR URL), case-insensitively. */
export async function publicCodeExists(db: Executor, code: string) {
  const rows = await db
    .select({ id: touchpoints.id })
    .from(touchpoints)
    .where(sql`lower(${touchpoints.publicCode}) = lower(${code})`)
    .limit(1)
  return rows.length > 0
}

/** True when the department already has a touchpoint of that name (ignoring `exceptTouchpointId`). */
export async function touchpointNameTaken(
  db: Executor,
  { organizationId, departmentId, name, exceptTouchpointId }: Tenant & { departmentId: string; name: string; exceptTouchpointId?: string },
) {
  const rows = await db
    .select({ id: touchpoints.id })
    .from(touchpoints)
    .where(
      and(
        eq(touchpoints.organizationId, organizationId),
        eq(touchpoints.departmentId, departmentId),
        sql`lower(${touchpoints.name}) = lower(${name})`,
        exceptTouchpointId ? ne(touchpoints.id, exceptTouchpointId) : undefined,
      ),
    )
    .limit(1)
  return rows.length > 0
}

/** The touchpoint a QR code opens, with its hospital and department; codes are unique across hospitals. */
export async function findTouchpointByPublicCode(db: Executor, code: string) {
  const [row] = await db
    .select({ touchpoint: touchpoints, organization: organizations, department: departments })
    .from(touchpoints)
    .innerJoin(organizations, eq(organizations.id, touchpoints.organizationId))
    .innerJoin(departments, eq(departments.id, touchpoints.departmentId))
    .where(sql`lower(${touchpoints.publicCode}) = lower(${code})`)
    .limit(1)
  return row
}
