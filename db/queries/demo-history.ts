import { and, asc, eq, getTableColumns, inArray, like, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Executor } from '../executor.ts'
import {
  caseClocks,
  caseNumberCounters,
  cases,
  memberships,
  membershipDepartments,
  patientEvents,
  submissions,
  surveyCampaigns,
  surveyInvitations,
  surveyResponses,
  surveyTemplates,
  surveyTemplateVersions,
  timelineEvents,
  users,
} from '../schema/index.ts'

/**
 * Bulk writes for the demo history (app/services/demo-history.server.ts): the same tables the
 * real flows write, many rows per statement. Every row is stamped with the tenant given.
 */
type Tenant = { organizationId: string }

/** Rows per statement: each statement carries its rows as one JSON parameter. */
const CHUNK = 5000

/**
 * Inserts many rows in few statements: the rows travel as one JSON document per chunk and
 * PostgreSQL unpacks them (jsonb_to_recordset), which is far faster than a statement with a
 * parameter per value. Rows are grouped by the columns they set, so omitted columns keep their
 * defaults; every row is stamped with the tenant.
 */
async function insertMany<T extends PgTable>(db: Executor, table: T, organizationId: string, rows: readonly T['$inferInsert'][]) {
  const columns = getTableColumns(table) as Record<string, PgColumn>
  const groups = new Map<string, Record<string, unknown>[]>()
  for (const row of rows) {
    const stamped: Record<string, unknown> = { ...row, organizationId }
    for (const k of Object.keys(stamped)) if (stamped[k] === undefined) delete stamped[k]
    const signature = Object.keys(stamped).sort().join(',')
    const group = groups.get(signature)
    if (group) group.push(stamped)
    else groups.set(signature, [stamped])
  }
  // The database client maps property names to snake_case (casing: 'snake_case'); do the same here.
  const nameOf = (key: string) => {
    const column = columns[key]!
    return column.keyAsName ? column.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : column.name
  }
  for (const [signature, group] of groups) {
    const keys = signature.split(',')
    const names = sql.raw(keys.map((k) => `"${nameOf(k)}"`).join(', '))
    const definitions = sql.raw(keys.map((k) => `"${nameOf(k)}" ${columns[k]!.getSQLType()}`).join(', '))
    for (let i = 0; i < group.length; i += CHUNK) {
      const json = JSON.stringify(group.slice(i, i + CHUNK).map((r) => Object.fromEntries(keys.map((k) => [nameOf(k), r[k]]))))
      await db.execute(sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${json}::jsonb) as x(${definitions})`)
    }
  }
}

/** The demo campaigns of a hospital (their names start with the demo marker): present means seeded. */
export async function findDemoCampaigns(db: Executor, { organizationId, namePrefix }: Tenant & { namePrefix: string }) {
  return db
    .select({ id: surveyCampaigns.id, name: surveyCampaigns.name })
    .from(surveyCampaigns)
    .where(and(eq(surveyCampaigns.organizationId, organizationId), like(surveyCampaigns.name, `${namePrefix}%`)))
}

/** The latest version of each keyed (shipped) template. */
export async function listLatestKeyedTemplateVersions(db: Executor, { organizationId }: Tenant) {
  return db
    .selectDistinctOn([surveyTemplates.key], { key: surveyTemplates.key, templateId: surveyTemplates.id, versionId: surveyTemplateVersions.id, content: surveyTemplateVersions.content })
    .from(surveyTemplates)
    .innerJoin(surveyTemplateVersions, eq(surveyTemplateVersions.templateId, surveyTemplates.id))
    .where(and(eq(surveyTemplates.organizationId, organizationId), sql`${surveyTemplates.key} is not null`))
    .orderBy(surveyTemplates.key, sql`${surveyTemplateVersions.version} desc`)
}

/** Active staff and department heads with the departments they work in (praise and attribution pick from them). */
export async function listScopedStaff(db: Executor, { organizationId }: Tenant) {
  return db
    .select({ userId: users.id, name: users.name, departmentId: membershipDepartments.departmentId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(membershipDepartments, eq(membershipDepartments.membershipId, memberships.id))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.active, true), inArray(memberships.role, ['staff', 'department_head'])))
    .orderBy(asc(users.email), asc(membershipDepartments.departmentId))
}

/** Reserves `count` case numbers of a hospital's month at once; returns the first sequence. */
export async function reserveCaseSequences(db: Executor, { organizationId, yearMonth, count }: Tenant & { yearMonth: string; count: number }) {
  const [row] = await db
    .insert(caseNumberCounters)
    .values({ organizationId, yearMonth, lastSequence: count })
    .onConflictDoUpdate({ target: [caseNumberCounters.organizationId, caseNumberCounters.yearMonth], set: { lastSequence: sql`${caseNumberCounters.lastSequence} + ${count}` } })
    .returning({ last: caseNumberCounters.lastSequence })
  return row!.last - count + 1
}

export const insertDemoCampaigns = (db: Executor, { organizationId, rows }: Tenant & { rows: (typeof surveyCampaigns.$inferInsert)[] }) =>
  insertMany(db, surveyCampaigns, organizationId, rows)
export const insertDemoPatientEvents = (db: Executor, { organizationId, rows }: Tenant & { rows: (typeof patientEvents.$inferInsert)[] }) =>
  insertMany(db, patientEvents, organizationId, rows)
export const insertDemoInvitations = (db: Executor, { organizationId, rows }: Tenant & { rows: (typeof surveyInvitations.$inferInsert)[] }) =>
  insertMany(db, surveyInvitations, organizationId, rows)
export const insertDemoResponses = (db: Executor, { organizationId, rows }: Tenant & { rows: (typeof surveyResponses.$inferInsert)[] }) =>
  insertMany(db, surveyResponses, organizationId, rows)
export const insertDemoSubmissions = (db: Executor, { organizationId, rows }: Tenant & { rows: (typeof submissions.$inferInsert)[] }) =>
  insertMany(db, submissions, organizationId, rows)
export const insertDemoCases = (db: Executor, { organizationId, rows }: Tenant & { rows: (typeof cases.$inferInsert)[] }) =>
  insertMany(db, cases, organizationId, rows)
export const insertDemoCaseClocks = (db: Executor, { organizationId, rows }: Tenant & { rows: (typeof caseClocks.$inferInsert)[] }) =>
  insertMany(db, caseClocks, organizationId, rows)
export const insertDemoTimelineEvents = (db: Executor, { organizationId, rows }: Tenant & { rows: (typeof timelineEvents.$inferInsert)[] }) =>
  insertMany(db, timelineEvents, organizationId, rows)
