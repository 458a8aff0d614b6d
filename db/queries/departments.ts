import { and, asc, count, eq } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { departments, touchpoints } from '../schema/index.ts'

export type Department = typeof departments.$inferSelect
type Tenant = { organizationId: string }

export async function listDepartments(db: Executor, { organizationId }: Tenant) {
  return db.select().from(departments).where(eq(departments.organizationId, organizationId)).orderBy(asc(departments.sortOrder), asc(departments.name))
}

/** Undefined when the department belongs to another hospital. */
export async function findDepartment(db: Executor, { organizationId, departmentId }: Tenant & { departmentId: string }) {
  const [row] = await db
    .select()
    .from(departments)
    .where(and(eq(departments.organizationId, organizationId), eq(departments.id, departmentId)))
    .limit(1)
  return row
}

export async function insertDepartment(db: Executor, { organizationId, ...values }: Tenant & Omit<typeof departments.$inferInsert, 'organizationId' | 'id'>) {
  const [row] = await db
    .insert(departments)
    .values({ organizationId, ...values })
    .returning()
  return row!
}

export async function updateDepartment(
  db: Executor,
  { organizationId, departmentId, ...values }: Tenant & { departmentId: string } & Partial<Pick<Department, 'name' | 'nameEn' | 'type' | 'parentId' | 'active' | 'sortOrder'>>,
) {
  const [row] = await db
    .update(departments)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(departments.organizationId, organizationId), eq(departments.id, departmentId)))
    .returning()
  return row
}

export async function countTouchpointsByDepartment(db: Executor, { organizationId }: Tenant) {
  const rows = await db
    .select({ departmentId: touchpoints.departmentId, n: count() })
    .from(touchpoints)
    .where(eq(touchpoints.organizationId, organizationId))
    .groupBy(touchpoints.departmentId)
  return new Map(rows.map((r) => [r.departmentId, r.n]))
}

/** The hospital's patient-service department (投诉管理部门): receives web and SMS complaints. */
export async function findPatientServiceDepartment(db: Executor, { organizationId }: Tenant) {
  const [row] = await db
    .select()
    .from(departments)
    .where(and(eq(departments.organizationId, organizationId), eq(departments.type, 'patient_service')))
    .orderBy(asc(departments.createdAt))
    .limit(1)
  return row
}
