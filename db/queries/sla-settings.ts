import { eq } from 'drizzle-orm'
import type { SlaSettingsOverrides } from '#app/domain/sla.ts'
import type { Executor } from '../executor.ts'
import { organizations } from '../schema/index.ts'

type Tenant = { organizationId: string }

/** The hospital's stored SLA changes, the row locked so two saves do not audit the same "before". */
export async function lockSlaSettings(db: Executor, { organizationId }: Tenant) {
  const [row] = await db.select({ slaSettings: organizations.slaSettings }).from(organizations).where(eq(organizations.id, organizationId)).for('update').limit(1)
  return row?.slaSettings
}

export async function findSlaSettings(db: Executor, { organizationId }: Tenant) {
  const [row] = await db.select({ slaSettings: organizations.slaSettings }).from(organizations).where(eq(organizations.id, organizationId)).limit(1)
  return row?.slaSettings
}

/** Replaces the stored changes (only values that differ from the defaults). */
export async function updateSlaSettings(db: Executor, { organizationId, slaSettings, now }: Tenant & { slaSettings: SlaSettingsOverrides; now: Date }) {
  await db.update(organizations).set({ slaSettings, updatedAt: now }).where(eq(organizations.id, organizationId))
}
