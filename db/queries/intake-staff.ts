import { and, asc, eq, inArray } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Executor } from '../executor.ts'
import { cases, departments, membershipDepartments, memberships, submissions, users } from '../schema/index.ts'

type Tenant = { organizationId: string }

/** The hospital's active staff (anyone with an active membership), with the departments of their scope. */
export async function listActiveStaff(db: Executor, { organizationId }: Tenant) {
  const rows = await db
    .select({ userId: users.id, name: users.name, membershipId: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.active, true)))
    .orderBy(asc(users.name), asc(users.id))
  const ids = rows.map((r) => r.membershipId)
  const scopes = ids.length
    ? await db
        .select({ membershipId: membershipDepartments.membershipId, name: departments.name, nameEn: departments.nameEn })
        .from(membershipDepartments)
        .innerJoin(departments, eq(departments.id, membershipDepartments.departmentId))
        .where(and(inArray(membershipDepartments.membershipId, ids), eq(departments.organizationId, organizationId)))
        .orderBy(asc(departments.sortOrder), asc(departments.name))
    : []
  return rows.map((r) => ({
    userId: r.userId,
    name: r.name,
    departments: scopes.filter((s) => s.membershipId === r.membershipId).map((s) => ({ name: s.name, nameEn: s.nameEn })),
  }))
}

/** True when the user is an active member of this hospital (a praised staff member must be). */
export async function isActiveStaffMember(db: Executor, { organizationId, userId }: Tenant & { userId: string }) {
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId), eq(memberships.active, true)))
    .limit(1)
  return !!row
}

const firstResponsibleUser = alias(users, 'first_responsible_user')
const enteredByUser = alias(users, 'entered_by_user')
const praisedUser = alias(users, 'praised_user')

/** A submission entered by staff with its case and the names the receipt shows; undefined for another hospital's. */
export async function findStaffEnteredSubmission(db: Executor, { organizationId, submissionId }: Tenant & { submissionId: string }) {
  const [row] = await db
    .select({
      submission: submissions,
      case: { id: cases.id, status: cases.status, answerDueAt: cases.answerDueAt, firstResponsibleUserId: cases.firstResponsibleUserId },
      firstResponsibleName: firstResponsibleUser.name,
      enteredByName: enteredByUser.name,
      praisedUserName: praisedUser.name,
      departmentName: departments.name,
      departmentNameEn: departments.nameEn,
    })
    .from(submissions)
    .leftJoin(cases, and(eq(cases.submissionId, submissions.id), eq(cases.organizationId, organizationId)))
    .leftJoin(firstResponsibleUser, eq(firstResponsibleUser.id, cases.firstResponsibleUserId))
    .leftJoin(enteredByUser, eq(enteredByUser.id, submissions.enteredByUserId))
    .leftJoin(praisedUser, eq(praisedUser.id, submissions.praisedUserId))
    .leftJoin(departments, eq(departments.id, submissions.departmentId))
    .where(and(eq(submissions.organizationId, organizationId), eq(submissions.id, submissionId)))
    .limit(1)
  if (!row || !row.submission.enteredByUserId) return undefined
  return row
}
