import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
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

/**
 * Inserts invitations; one a campaign already has for the same event or case is skipped. Returns
 * those inserted. `detail` is added to each first history entry (e.g. the manual list it came from).
 */
export async function insertInvitations(db: Executor, { organizationId, invitations, at, detail }: Tenant & { invitations: NewSurveyInvitation[]; at: Date; detail?: Record<string, string> }) {
  if (invitations.length === 0) return []
  const rows = await db
    .insert(surveyInvitations)
    .values(invitations.map((i) => ({ ...i, organizationId, createdAt: at, updatedAt: at })))
    .onConflictDoNothing()
    .returning()
  if (rows.length > 0) {
    await db.insert(surveyInvitationHistory).values(rows.map((r) => ({ organizationId, invitationId: r.id, status: r.status, at, detail: { sendAt: r.sendAt.toISOString(), ...detail } })))
  }
  return rows
}

/**
 * The people a campaign already invited from one manual list (the list's key is kept in each
 * invitation's first history entry): posting the same list again invites none of them twice.
 */
export async function listPersonKeysFromManualList(db: Executor, { organizationId, campaignId, listKey }: Tenant & { campaignId: string; listKey: string }) {
  const rows = await db
    .selectDistinct({ personKey: surveyInvitations.personKey })
    .from(surveyInvitations)
    .innerJoin(surveyInvitationHistory, eq(surveyInvitationHistory.invitationId, surveyInvitations.id))
    .where(
      and(
        eq(surveyInvitations.organizationId, organizationId),
        eq(surveyInvitations.campaignId, campaignId),
        isNotNull(surveyInvitations.personKey),
        sql`${surveyInvitationHistory.detail}->>'manualList' = ${listKey}`,
      ),
    )
  return rows.map((r) => r.personKey!)
}
