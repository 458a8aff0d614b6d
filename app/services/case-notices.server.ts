import type { PatientNotice, Refusal } from '#app/domain/case-workflow.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import type { CaseRow } from '#db/queries/case-workflow.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { findSubmission, insertTimelineEvent, type Submission } from '#db/queries/submissions.ts'
import { renderCaseNoticeEmail, renderCaseNoticeSms, type CaseNoticeInput } from '#emails/case-answer.ts'
import { issueTrackingLink } from './intake.server.ts'
import { queueEmail, queueSms } from './messages.server.ts'

/** A notice checked against the patient's contact details, ready to be written in the action's transaction. */
export interface PreparedNotice {
  /** Writes the outbox message (if any) and returns what to run once the transaction commits. */
  queue(tx: Executor): Promise<Array<() => Promise<void>>>
}

const TEMPLATE = { answer: 'case_answer', declined: 'case_declined' } as const

/** The chosen channel needs a contact detail the patient left. */
function missingContact(submission: Submission, via: PatientNotice['via']): Refusal | null {
  if (via === 'sms' && !submission.contactPhone) return { ok: false, error: 'patient:caseNotice.errors.noPhone', field: 'via' }
  if (via === 'email' && !submission.contactEmail) return { ok: false, error: 'patient:caseNotice.errors.noEmail', field: 'via' }
  return null
}

/**
 * Telling the patient the answer or why their complaint is not accepted (DESIGN.md §3): by SMS
 * or email through the outbox, or by phone / in person, which is only logged. Refused when the
 * chosen channel has no contact detail to use.
 */
export async function preparePatientNotice(
  ctx: AppContext,
  tx: Executor,
  { organizationId, actorUserId, case: kase, notice }: { organizationId: string; actorUserId: string; case: CaseRow; notice: PatientNotice },
): Promise<{ ok: true; prepared: PreparedNotice } | Refusal> {
  const submission = await findSubmission(tx, { organizationId, submissionId: kase.submissionId })
  if (!submission) throw new Error('a case without its submission')
  const refusal = missingContact(submission, notice.via)
  if (refusal) return refusal
  return { ok: true, prepared: { queue: (queueTx) => queueNotice(ctx, queueTx, { organizationId, actorUserId, kase, submission, notice }) } }
}

async function queueNotice(
  ctx: AppContext,
  tx: Executor,
  { organizationId, actorUserId, kase, submission, notice }: { organizationId: string; actorUserId: string; kase: CaseRow; submission: Submission; notice: PatientNotice },
): Promise<Array<() => Promise<void>>> {
  const sent = notice.via === 'phone' ? null : await queueMessage(ctx, tx, { organizationId, kase, submission, notice })
  // Staff see on the case how (and through which message) the patient was told; the patient sees the answer itself.
  await insertTimelineEvent(tx, {
    organizationId,
    submissionId: submission.id,
    caseId: kase.id,
    type: 'patient_notified',
    visibleToPatient: false,
    actorUserId,
    channel: notice.via,
    data: { via: notice.via, kind: notice.kind, messageId: sent?.messageId ?? null },
    createdAt: ctx.clock.now(),
  })
  return sent ? [sent.dispatch] : []
}

/** The SMS or email in the patient's language, with a fresh tracking link (the first one is only stored hashed). */
async function queueMessage(
  ctx: AppContext,
  tx: Executor,
  { organizationId, kase, submission, notice }: { organizationId: string; kase: CaseRow; submission: Submission; notice: PatientNotice },
) {
  const organization = await findOrganizationById(tx, { organizationId })
  if (!organization) throw new Error('a case without its hospital')
  const { url } = await issueTrackingLink(ctx, tx, { organizationId, submissionId: submission.id })
  const locale = submission.locale
  const content: CaseNoticeInput = {
    locale,
    hospitalName: locale === 'en' && organization.nameEn ? organization.nameEn : organization.name,
    number: kase.number,
    kind: notice.kind,
    text: notice.kind === 'answer' ? notice.answer : notice.reason,
    trackingUrl: url,
  }
  const template = TEMPLATE[notice.kind]
  const queued =
    notice.via === 'sms'
      ? await queueSms(ctx, tx, { organizationId, to: submission.contactPhone!, template, body: renderCaseNoticeSms(content) })
      : await queueEmail(ctx, tx, { organizationId, to: submission.contactEmail!, template, email: renderCaseNoticeEmail(content) })
  return { messageId: queued.messageId, dispatch: async () => void (await queued.dispatch()) }
}
