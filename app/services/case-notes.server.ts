import { z } from 'zod'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { insertTimelineEvent } from '#db/queries/submissions.ts'
import { audit } from './audit.server.ts'
import { findCaseForViewer } from './case-view.server.ts'

export const NOTE_MAX = 2000

/** An internal note as the case page posts it. */
export const internalNoteSchema = z.object({
  text: z.string().trim().min(1, 'casePage:errors.noteRequired').max(NOTE_MAX, 'common:errors.tooLong'),
})

export type NoteResult = { ok: true } | { ok: false; error: 'forbidden' | 'notFound' }

/**
 * Staff write internal notes on a case for each other: a timeline event the patient never
 * sees (tracking pages read only `visibleToPatient` events). Leadership reads and writes nothing.
 */
export async function addInternalNote(
  ctx: AppContext,
  { organizationId, actorUserId }: { organizationId: string; actorUserId: string },
  caseId: string,
  note: z.output<typeof internalNoteSchema>,
): Promise<NoteResult> {
  const found = await findCaseForViewer(ctx.db, { organizationId, userId: actorUserId }, caseId)
  if (!found) return { ok: false, error: 'notFound' }
  if (found.viewer.role === 'leadership') return { ok: false, error: 'forbidden' }
  const now = ctx.clock.now()
  await ctx.db.transaction(async (tx) => {
    const event = await insertTimelineEvent(tx, {
      organizationId,
      submissionId: found.submission.id,
      caseId: found.case.id,
      type: 'internal_note',
      visibleToPatient: false,
      actorUserId,
      body: note.text,
      createdAt: now,
    })
    await audit(tx, { organizationId, actorUserId, action: 'case.note_added', entityType: 'case', entityId: found.case.id, after: { number: found.case.number, eventId: event.id } })
  })
  return { ok: true }
}
