import { and, eq, isNull } from 'drizzle-orm'
import type { InvitationStatus } from '#app/domain/survey-invitation.ts'
import type { Executor } from '../executor.ts'
import { organizations, surveyInvitationHistory, surveyInvitations, surveyResponses, surveyTemplateVersions } from '../schema/index.ts'

type Tenant = { organizationId: string }
export type SurveyInvitation = typeof surveyInvitations.$inferSelect
export type SurveyResponse = typeof surveyResponses.$inferSelect

/**
 * The invitation a survey link opens, with its questions and hospital. Looked up by the link's
 * hash alone: the link is the only key a respondent has (the tenant comes from the row).
 * `forUpdate` locks the invitation row so two submits cannot both complete it.
 */
export async function findInvitationByTokenHash(db: Executor, tokenHash: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select({
      invitation: surveyInvitations,
      content: surveyTemplateVersions.content,
      hospital: { name: organizations.name, nameEn: organizations.nameEn },
    })
    .from(surveyInvitations)
    .innerJoin(surveyTemplateVersions, eq(surveyTemplateVersions.id, surveyInvitations.templateVersionId))
    .innerJoin(organizations, eq(organizations.id, surveyInvitations.organizationId))
    .where(eq(surveyInvitations.tokenHash, tokenHash))
    .limit(1)
  const [row] = options.forUpdate ? await query.for('update', { of: surveyInvitations }) : await query
  return row
}

/**
 * Moves an invitation from `from` to `to` and records it in the history, only if it is still
 * at `from` (a concurrent request that moved it first wins; the caller checks canMove).
 * Returns false when nothing changed.
 */
export async function moveInvitation(
  db: Executor,
  { organizationId, invitationId, from, to, at, detail }: Tenant & { invitationId: string; from: InvitationStatus; to: InvitationStatus; at: Date; detail?: unknown },
) {
  const stamp = to === 'opened' ? { openedAt: at } : to === 'completed' ? { completedAt: at } : {}
  const moved = await db
    .update(surveyInvitations)
    .set({ status: to, updatedAt: at, ...stamp })
    .where(and(eq(surveyInvitations.organizationId, organizationId), eq(surveyInvitations.id, invitationId), eq(surveyInvitations.status, from)))
    .returning({ id: surveyInvitations.id })
  if (moved.length === 0) return false
  await db.insert(surveyInvitationHistory).values({ organizationId, invitationId, status: to, at, detail: detail ?? null })
  return true
}

export async function findResponseByInvitation(db: Executor, { organizationId, invitationId }: Tenant & { invitationId: string }) {
  const [row] = await db
    .select()
    .from(surveyResponses)
    .where(and(eq(surveyResponses.organizationId, organizationId), eq(surveyResponses.invitationId, invitationId)))
    .limit(1)
  return row
}

/**
 * Saves the answers so far, or the final answers when `completedAt` is given. A completed
 * response is never overwritten: returns undefined then.
 */
export async function saveResponse(
  db: Executor,
  values: Tenant & { invitationId: string; templateVersionId: string; answers: unknown; wantsContact: boolean; at: Date; completedAt: Date | null },
) {
  const { organizationId, invitationId, templateVersionId, answers, wantsContact, at, completedAt } = values
  const [row] = await db
    .insert(surveyResponses)
    .values({ organizationId, invitationId, templateVersionId, answers, wantsContact, completedAt, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: surveyResponses.invitationId,
      set: { answers, wantsContact, completedAt, updatedAt: at },
      setWhere: and(isNull(surveyResponses.completedAt), eq(surveyResponses.organizationId, organizationId)),
    })
    .returning()
  return row
}
