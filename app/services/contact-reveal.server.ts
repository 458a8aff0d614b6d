import { can } from '#app/domain/permissions.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { audit } from './audit.server.ts'
import { findCaseForViewer } from './case-view.server.ts'

/** The patient's contact as they gave it (phone in E.164). */
export interface RevealedContact {
  name: string | null
  phone: string | null
  email: string | null
}

export type RevealResult = { ok: true; contact: RevealedContact } | { ok: false; error: 'forbidden' | 'notFound' }

/**
 * Shows a case's patient contact in full to a role that needs it (DESIGN.md §6), for this one
 * response: nothing remembers the reveal, and every reveal is audited with the case number
 * only — the contact itself never goes into the audit log or the logs.
 */
export async function revealContact(ctx: AppContext, { organizationId, actorUserId }: { organizationId: string; actorUserId: string }, caseId: string): Promise<RevealResult> {
  const found = await findCaseForViewer(ctx.db, { organizationId, userId: actorUserId }, caseId)
  if (!found) return { ok: false, error: 'notFound' }
  if (!can(found.viewer.role, 'contact.reveal')) return { ok: false, error: 'forbidden' }
  const { submission } = found
  await audit(ctx.db, { organizationId, actorUserId, action: 'case.contact_revealed', entityType: 'case', entityId: found.case.id, after: { number: found.case.number } })
  return { ok: true, contact: { name: submission.contactName, phone: submission.contactPhone, email: submission.contactEmail } }
}
