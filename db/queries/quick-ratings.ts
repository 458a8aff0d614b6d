import { and, eq } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { submissions } from '../schema/index.ts'

/**
 * Adds the patient's optional comment to a quick rating of this touchpoint, once: only while
 * its text is still empty. Returns false when there is no such rating or it already has one.
 */
export async function addQuickRatingComment(
  db: Executor,
  { organizationId, submissionId, touchpointId, text }: { organizationId: string; submissionId: string; touchpointId: string; text: string },
) {
  const rows = await db
    .update(submissions)
    .set({ text })
    .where(
      and(
        eq(submissions.organizationId, organizationId),
        eq(submissions.id, submissionId),
        eq(submissions.touchpointId, touchpointId),
        eq(submissions.kind, 'rating'),
        eq(submissions.text, ''),
      ),
    )
    .returning({ id: submissions.id })
  return rows.length > 0
}
