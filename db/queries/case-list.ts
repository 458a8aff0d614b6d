import { and, asc, count, desc, eq, gt, gte, ilike, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { CaseSearch, CaseListSort } from '#app/domain/case-list-filters.ts'
import { escapeLike } from '#app/domain/case-list-filters.ts'
import type { CaseStatus } from '#app/domain/case-status.ts'
import type { Category, Channel } from '#app/domain/intake.ts'
import type { Executor } from '../executor.ts'
import { caseClocks, caseDepartments, cases, departments, memberships, submissions, users } from '../schema/index.ts'
import { caseScopeCondition, type CaseScope } from './case-scope.ts'

type Tenant = { organizationId: string }

/** The list's filters as the query needs them: departments already expanded, `me` already resolved. */
export interface CaseListCriteria {
  scope: CaseScope
  statuses?: readonly CaseStatus[]
  /** Owner, first responsible or involved department, sub-departments included. */
  departmentIds?: readonly string[]
  ownerUserId?: string
  category?: Category
  channel?: Channel
  urgent?: boolean
  overdue?: boolean
  dueSoon?: boolean
  search?: CaseSearch | null
  /** Opened within [openedFrom, openedUntil) (local days already turned into instants). */
  openedFrom?: Date
  openedUntil?: Date
  /** "Now" for overdue and due soon, and the end of the due-soon window. */
  now: Date
  dueSoonUntil: Date
}

const ownerDepartment = alias(departments, 'owner_department')
const firstDepartment = alias(departments, 'first_department')
const ownerUser = alias(users, 'owner_user')
const firstUser = alias(users, 'first_user')

/** A clock still counting: neither stopped nor on hold. */
const running = and(isNull(caseClocks.stoppedAt), isNull(caseClocks.pausedAt))

function anyRunningClock(organizationId: string, due: SQL | undefined) {
  return sql`exists (select 1 from ${caseClocks} where ${and(eq(caseClocks.organizationId, organizationId), eq(caseClocks.caseId, cases.id), running, due)})`
}

function searchCondition(search: CaseSearch): SQL | undefined {
  const number = ilike(cases.number, `${escapeLike(search.numberPrefix)}%`)
  const text = and(...search.words.map((w) => ilike(submissions.text, `%${escapeLike(w)}%`)))
  const phone = search.phoneLast4 ? sql`right(${submissions.contactPhone}, 4) = ${search.phoneLast4}` : undefined
  return or(number, text, phone)
}

function where({ organizationId, ...c }: Tenant & CaseListCriteria): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(cases.organizationId, organizationId), caseScopeCondition(c.scope)]
  if (c.statuses?.length) conditions.push(inArray(cases.status, [...c.statuses]))
  if (c.departmentIds?.length) {
    const ids = [...c.departmentIds]
    conditions.push(
      or(
        inArray(cases.ownerDepartmentId, ids),
        inArray(cases.firstResponsibleDepartmentId, ids),
        sql`exists (select 1 from ${caseDepartments} where ${and(eq(caseDepartments.caseId, cases.id), inArray(caseDepartments.departmentId, ids))})`,
      ),
    )
  }
  if (c.ownerUserId) conditions.push(eq(cases.ownerUserId, c.ownerUserId))
  if (c.category) conditions.push(eq(cases.category, c.category))
  if (c.channel) conditions.push(eq(submissions.channel, c.channel))
  if (c.urgent) conditions.push(eq(cases.urgent, true))
  // The same boundaries as the badges (sla.ts slaBadge): overdue from the due moment on.
  if (c.overdue) conditions.push(anyRunningClock(organizationId, lte(caseClocks.dueAt, c.now)))
  if (c.dueSoon) conditions.push(anyRunningClock(organizationId, and(gt(caseClocks.dueAt, c.now), lte(caseClocks.dueAt, c.dueSoonUntil))))
  if (c.search) conditions.push(searchCondition(c.search))
  if (c.openedFrom) conditions.push(gte(cases.openedAt, c.openedFrom))
  if (c.openedUntil) conditions.push(lt(cases.openedAt, c.openedUntil))
  return and(...conditions)
}

/**
 * The clock a row shows: the running one due first; else one on hold; else the answer clock
 * as it stopped (met or missed).
 */
function pressingClock(db: Executor, organizationId: string) {
  const rank = sql`case when ${caseClocks.stoppedAt} is null and ${caseClocks.pausedAt} is null then 0 when ${caseClocks.stoppedAt} is null then 1 else 2 end`
  return db
    .select({
      kind: caseClocks.kind,
      dueAt: caseClocks.dueAt,
      pausedAt: caseClocks.pausedAt,
      stoppedAt: caseClocks.stoppedAt,
      runningDueAt: sql<string | null>`case when ${caseClocks.stoppedAt} is null and ${caseClocks.pausedAt} is null then ${caseClocks.dueAt} end`.as('running_due_at'),
    })
    .from(caseClocks)
    .where(and(eq(caseClocks.organizationId, organizationId), eq(caseClocks.caseId, cases.id)))
    .orderBy(
      rank,
      sql`case when ${caseClocks.stoppedAt} is null and ${caseClocks.pausedAt} is null then ${caseClocks.dueAt} end asc nulls last`,
      sql`${caseClocks.kind} = 'answer' desc`,
      desc(caseClocks.stoppedAt),
    )
    .limit(1)
    .as('pressing')
}

/** One page (or, for the export, one capped run) of the cases a viewer may see, with what each row shows. */
export async function listCases(db: Executor, criteria: Tenant & CaseListCriteria & { sort: CaseListSort; limit: number; offset: number }) {
  const { organizationId, sort, limit, offset } = criteria
  const clock = pressingClock(db, organizationId)
  const order =
    sort === 'newest'
      ? [desc(cases.openedAt), desc(cases.number)]
      : // Earliest running deadline first; cases with nothing running after them, newest first.
        [sql`${clock.runningDueAt} asc nulls last`, desc(cases.openedAt), desc(cases.number)]
  const rows = await db
    .select({
      id: cases.id,
      number: cases.number,
      status: cases.status,
      category: cases.category,
      urgent: cases.urgent,
      openedAt: cases.openedAt,
      answerDueAt: cases.answerDueAt,
      channel: submissions.channel,
      text: submissions.text,
      receivedAt: submissions.receivedAt,
      ownerDepartment: { id: ownerDepartment.id, name: ownerDepartment.name, nameEn: ownerDepartment.nameEn },
      ownerUser: { id: ownerUser.id, name: ownerUser.name },
      firstDepartment: { id: firstDepartment.id, name: firstDepartment.name, nameEn: firstDepartment.nameEn },
      firstUser: { id: firstUser.id, name: firstUser.name },
      clock: { kind: clock.kind, dueAt: clock.dueAt, pausedAt: clock.pausedAt, stoppedAt: clock.stoppedAt },
    })
    .from(cases)
    .innerJoin(submissions, and(eq(submissions.id, cases.submissionId), eq(submissions.organizationId, organizationId)))
    .leftJoin(ownerDepartment, eq(ownerDepartment.id, cases.ownerDepartmentId))
    .leftJoin(ownerUser, eq(ownerUser.id, cases.ownerUserId))
    .leftJoin(firstDepartment, eq(firstDepartment.id, cases.firstResponsibleDepartmentId))
    .leftJoin(firstUser, eq(firstUser.id, cases.firstResponsibleUserId))
    .leftJoinLateral(clock, sql`true`)
    .where(where(criteria))
    .orderBy(...order)
    .limit(limit)
    .offset(offset)
  return rows
}
export type CaseListRow = Awaited<ReturnType<typeof listCases>>[number]

export async function countCases(db: Executor, criteria: Tenant & CaseListCriteria) {
  const [row] = await db
    .select({ n: count() })
    .from(cases)
    .innerJoin(submissions, and(eq(submissions.id, cases.submissionId), eq(submissions.organizationId, criteria.organizationId)))
    .where(where(criteria))
  return row?.n ?? 0
}

/** Numbers of the given cases of this hospital (for reporting a bulk action per case). */
export async function findCaseNumbers(db: Executor, { organizationId, caseIds }: Tenant & { caseIds: readonly string[] }) {
  if (caseIds.length === 0) return new Map<string, string>()
  const rows = await db
    .select({ id: cases.id, number: cases.number })
    .from(cases)
    .where(and(eq(cases.organizationId, organizationId), inArray(cases.id, [...caseIds])))
  return new Map(rows.map((r) => [r.id, r.number]))
}

/** Active members of a hospital by name, optionally only one role (the owner filter; patient service for assignment). */
export async function listActiveMemberNames(db: Executor, { organizationId, role }: Tenant & { role?: 'patient_service' }) {
  return db
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.active, true), role ? eq(memberships.role, role) : undefined))
    .orderBy(asc(users.name))
}
