import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { attachments, caseClocks, caseDepartments, cases, memberships, submissions, timelineEvents, touchpoints, users } from '../schema/index.ts'
import { caseScopeCondition, type CaseScope } from './case-scope.ts'

type Tenant = { organizationId: string }

/** A case with its submission, when the scope may see it; undefined for another hospital's or an out-of-scope case. */
export async function findVisibleCase(db: Executor, { organizationId, caseId, scope }: Tenant & { caseId: string; scope: CaseScope }) {
  const [row] = await db
    .select({ case: cases, submission: submissions, touchpoint: { id: touchpoints.id, name: touchpoints.name, nameEn: touchpoints.nameEn } })
    .from(cases)
    .innerJoin(submissions, and(eq(submissions.id, cases.submissionId), eq(submissions.organizationId, organizationId)))
    .leftJoin(touchpoints, and(eq(touchpoints.id, submissions.touchpointId), eq(touchpoints.organizationId, organizationId)))
    .where(and(eq(cases.organizationId, organizationId), eq(cases.id, caseId), caseScopeCondition(scope)))
    .limit(1)
  return row
}

export async function listCaseClocks(db: Executor, { organizationId, caseId }: Tenant & { caseId: string }) {
  return db
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.organizationId, organizationId), eq(caseClocks.caseId, caseId)))
    .orderBy(asc(caseClocks.createdAt))
}

export async function listInvolvedDepartments(db: Executor, { organizationId, caseId }: Tenant & { caseId: string }) {
  return db
    .select()
    .from(caseDepartments)
    .where(and(eq(caseDepartments.organizationId, organizationId), eq(caseDepartments.caseId, caseId)))
    .orderBy(asc(caseDepartments.involvedAt))
}

/** Every event of the submission (and its case), oldest first; staff see internal ones too. */
export async function listCaseTimeline(db: Executor, { organizationId, submissionId }: Tenant & { submissionId: string }) {
  return db
    .select()
    .from(timelineEvents)
    .where(and(eq(timelineEvents.organizationId, organizationId), eq(timelineEvents.submissionId, submissionId)))
    .orderBy(asc(timelineEvents.createdAt), asc(timelineEvents.seq))
}

/** Names of users who are (or were) members of the hospital; ids of anyone else are left out. */
export async function listMemberNames(db: Executor, { organizationId, userIds }: Tenant & { userIds: string[] }) {
  if (userIds.length === 0) return []
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organizationId, organizationId)))
    .where(inArray(users.id, userIds))
}

/** One attachment of a case's submission, bytes included, when the scope may see the case. */
export async function findVisibleCaseAttachment(db: Executor, { organizationId, caseId, attachmentId, scope }: Tenant & { caseId: string; attachmentId: string; scope: CaseScope }) {
  const [row] = await db
    .select({ fileName: attachments.fileName, contentType: attachments.contentType, content: attachments.content })
    .from(attachments)
    .innerJoin(cases, and(eq(cases.submissionId, attachments.submissionId), eq(cases.organizationId, organizationId)))
    .where(and(eq(attachments.organizationId, organizationId), eq(attachments.id, attachmentId), eq(cases.id, caseId), caseScopeCondition(scope)))
    .limit(1)
  return row
}
