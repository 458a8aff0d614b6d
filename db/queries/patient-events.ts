import { and, desc, eq, inArray } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { patientEventImports, patientEvents } from '../schema/index.ts'

export type PatientEvent = typeof patientEvents.$inferSelect
export type PatientEventImport = typeof patientEventImports.$inferSelect
type Tenant = { organizationId: string }
type NewEvent = Omit<typeof patientEvents.$inferInsert, 'organizationId' | 'id' | 'createdAt'>

/** Large files go in slices so one statement stays well under PostgreSQL's 65,535 parameters. */
const INSERT_BATCH = 1000

/**
 * Inserts the events; one whose (hospital, external id) already exists is skipped, not an
 * error. Returns only the rows actually inserted.
 */
export async function insertPatientEvents(db: Executor, { organizationId, events }: Tenant & { events: NewEvent[] }): Promise<PatientEvent[]> {
  const inserted: PatientEvent[] = []
  for (let i = 0; i < events.length; i += INSERT_BATCH) {
    const slice = events.slice(i, i + INSERT_BATCH).map((e) => ({ ...e, organizationId }))
    inserted.push(...(await db.insert(patientEvents).values(slice).onConflictDoNothing().returning()))
  }
  return inserted
}

/** The stored ids of the hospital's events with these external ids. */
export async function findEventIdsByExternalId(db: Executor, { organizationId, externalIds }: Tenant & { externalIds: string[] }) {
  const out = new Map<string, string>()
  for (let i = 0; i < externalIds.length; i += INSERT_BATCH) {
    const rows = await db
      .select({ id: patientEvents.id, externalId: patientEvents.externalId })
      .from(patientEvents)
      .where(and(eq(patientEvents.organizationId, organizationId), inArray(patientEvents.externalId, externalIds.slice(i, i + INSERT_BATCH))))
    for (const r of rows) if (r.externalId) out.set(r.externalId, r.id)
  }
  return out
}

export async function listRecentPatientEvents(db: Executor, { organizationId, limit = 50 }: Tenant & { limit?: number }) {
  return db.select().from(patientEvents).where(eq(patientEvents.organizationId, organizationId)).orderBy(desc(patientEvents.createdAt), desc(patientEvents.occurredAt)).limit(limit)
}

export async function insertPatientEventImport(db: Executor, { organizationId, ...values }: Tenant & Omit<typeof patientEventImports.$inferInsert, 'organizationId' | 'id'>) {
  const [row] = await db
    .insert(patientEventImports)
    .values({ organizationId, ...values })
    .returning()
  return row!
}

/** Undefined when the import belongs to another hospital. */
export async function findPatientEventImport(db: Executor, { organizationId, importId }: Tenant & { importId: string }) {
  const [row] = await db
    .select()
    .from(patientEventImports)
    .where(and(eq(patientEventImports.organizationId, organizationId), eq(patientEventImports.id, importId)))
    .limit(1)
  return row
}

/** Locks the import row so two clicks on "import" cannot both insert. */
export async function lockPatientEventImport(db: Executor, { organizationId, importId }: Tenant & { importId: string }) {
  const [row] = await db
    .select()
    .from(patientEventImports)
    .where(and(eq(patientEventImports.organizationId, organizationId), eq(patientEventImports.id, importId)))
    .for('update')
  return row
}

export async function updatePatientEventImport(
  db: Executor,
  { organizationId, importId, ...values }: Tenant & { importId: string } & Partial<Pick<PatientEventImport, 'status' | 'totalRows' | 'importedRows' | 'mapping' | 'errors' | 'completedAt'>>,
) {
  const [row] = await db
    .update(patientEventImports)
    .set(values)
    .where(and(eq(patientEventImports.organizationId, organizationId), eq(patientEventImports.id, importId)))
    .returning()
  return row
}

export async function listPatientEventImports(db: Executor, { organizationId, limit = 20 }: Tenant & { limit?: number }) {
  return db
    .select({
      id: patientEventImports.id,
      fileName: patientEventImports.fileName,
      status: patientEventImports.status,
      totalRows: patientEventImports.totalRows,
      importedRows: patientEventImports.importedRows,
      createdAt: patientEventImports.createdAt,
      completedAt: patientEventImports.completedAt,
    })
    .from(patientEventImports)
    .where(eq(patientEventImports.organizationId, organizationId))
    .orderBy(desc(patientEventImports.createdAt))
    .limit(limit)
}
