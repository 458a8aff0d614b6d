import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { surveyInvitationHistory, surveyInvitations } from '../schema/index.ts'

type Tenant = { organizationId: string }
export type NewSurveyInvitation = Omit<typeof surveyInvitations.$inferInsert, 'organizationId'>

/** The send times of each person's invitations, latest first (for the frequency cap). */
export async function listInvitationTimesOf(db: Executor, { organizationId, personKeys }: Tenant & { personKeys: string[] }) {
  if (personKeys.length === 0) return []
  return db
    .select({ personKey: surveyInvitations.personKey, sendAt: surveyInvitations.sendAt })
    .from(surveyInvitations)
    .where(and(eq(surveyInvitations.organizationId, organizationId), isNotNull(surveyInvitations.personKey), inArray(surveyInvitations.personKey, personKeys)))
    .orderBy(desc(surveyInvitations.sendAt))
}

/** Inserts invitations; one a campaign already has for the same event or case is skipped. Returns those inserted. */
export async function insertInvitations(db: Executor, { organizationId, invitations, at }: Tenant & { invitations: NewSurveyInvitation[]; at: Date }) {
  if (invitations.length === 0) return []
  const rows = await db
    .insert(surveyInvitations)
    .values(invitations.map((i) => ({ ...i, organizationId, createdAt: at, updatedAt: at })))
    .onConflictDoNothing()
    .returning()
  if (rows.length > 0) {
    await db.insert(surveyInvitationHistory).values(rows.map((r) => ({ organizationId, invitationId: r.id, status: r.status, at, detail: { sendAt: r.sendAt.toISOString() } })))
  }
  return rows
}
