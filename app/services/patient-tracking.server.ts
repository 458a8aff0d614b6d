import type { CaseStatus } from '#app/domain/case-status.ts'
import { isUuid } from '#app/domain/form-fields.ts'
import type { SubmissionKind } from '#app/domain/intake.ts'
import { addInformationSchema } from '#app/domain/intake-form.ts'
import type { Locale } from '#app/domain/locales.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { toFieldErrors, type FieldErrors } from '#app/lib/form-errors.ts'
import { translator } from '#app/lib/i18n.ts'
import { hashToken } from '#app/lib/tokens.server.ts'
import type { PatientFormInput } from '#app/lib/uploads.server.ts'
import { findCaseBySubmission } from '#db/queries/cases.ts'
import { findDepartment } from '#db/queries/departments.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { findAttachment, findSubmissionByTrackingHash, insertAttachments, insertTimelineEvent, listAttachments, listTimeline } from '#db/queries/submissions.ts'
import { trackingUrl } from './intake.server.ts'
import { consumeIntakeLimit } from './intake-limits.server.ts'
import { keptValues, rateLimitedProblem, type FormProblem } from './patient-feedback.server.ts'

/** Tracking tokens are 43 URL-safe characters; anything else cannot open a page. */
const TOKEN_SHAPE = /^[\w-]{20,128}$/

/** The submission (and case) a private tracking link opens, or undefined. */
async function findTracked(ctx: AppContext, token: string) {
  if (!TOKEN_SHAPE.test(token)) return undefined
  const submission = await findSubmissionByTrackingHash(ctx.db, hashToken(token))
  if (!submission || !submission.number) return undefined
  const organizationId = submission.organizationId
  const [organization, kase] = await Promise.all([findOrganizationById(ctx.db, { organizationId }), findCaseBySubmission(ctx.db, { organizationId, submissionId: submission.id })])
  if (!organization) return undefined
  return { submission, organization, kase }
}

export interface TrackingAttachment {
  id: string
  fileName: string
  contentType: string
  byteSize: number
}

export interface TrackingEvent {
  id: string
  type: string
  body: string | null
  createdAt: string
  attachments: TrackingAttachment[]
}

/** A case's state in the patient's terms: the steps of the workflow inside the hospital are all "being handled". */
export const PATIENT_STATUSES = ['received', 'in_progress', 'answered', 'closed', 'not_accepted'] as const
export type PatientStatus = (typeof PATIENT_STATUSES)[number]

const PATIENT_STATUS: Record<CaseStatus, PatientStatus> = {
  received: 'received',
  accepted: 'in_progress',
  investigating: 'in_progress',
  reopened: 'in_progress',
  on_hold: 'in_progress',
  responded: 'answered',
  closed: 'closed',
  not_accepted: 'not_accepted',
}

/** Submissions without a case (suggestions, praise, inquiries) show as received. */
export function patientStatusOf(status: CaseStatus | null): PatientStatus {
  return status ? PATIENT_STATUS[status] : 'received'
}

const awaitsAnswer = (status: PatientStatus) => status === 'received' || status === 'in_progress'

/** What the patient's tracking page shows: only what is meant for the patient. */
export interface TrackingView {
  hospital: { name: string; nameEn: string | null; timeZone: string }
  number: string
  kind: SubmissionKind
  /** Null for suggestions, praise and inquiries (no case): shown as "received". */
  caseStatus: CaseStatus | null
  /** The status as the patient reads it (tracking.statuses.*). */
  patientStatus: PatientStatus
  text: string
  receivedAt: string
  /** While the patient still waits for the answer. */
  answerDueAt: string | null
  answer: string | null
  answeredAt: string | null
  /** 不予受理: the reason the patient is told; set only while the case stays not accepted. */
  declineReason: string | null
  /** The department handling a complaint first (for "what happens next"). */
  firstResponsible: { name: string; nameEn: string | null } | null
  contactGiven: boolean
  trackingUrl: string
  timeline: TrackingEvent[]
}

/** Attachments the patient may see: their own (no event) and those of events visible to them. */
async function visibleAttachments(ctx: AppContext, organizationId: string, submissionId: string) {
  const [events, files] = await Promise.all([listTimeline(ctx.db, { organizationId, submissionId, visibleToPatientOnly: true }), listAttachments(ctx.db, { organizationId, submissionId })])
  const visible = new Set(events.map((e) => e.id))
  return { events, files: files.filter((f) => f.timelineEventId === null || visible.has(f.timelineEventId)) }
}

export async function loadTracking(ctx: AppContext, token: string): Promise<TrackingView | undefined> {
  const found = await findTracked(ctx, token)
  if (!found) return undefined
  const { submission, organization, kase } = found
  const { events, files } = await visibleAttachments(ctx, organization.id, submission.id)
  const departmentId = kase?.firstResponsibleDepartmentId
  const first = departmentId ? await findDepartment(ctx.db, { organizationId: organization.id, departmentId }) : undefined
  const meta = (f: (typeof files)[number]): TrackingAttachment => ({ id: f.id, fileName: f.fileName, contentType: f.contentType, byteSize: f.byteSize })
  const timeline: TrackingEvent[] = events.map((e) => ({
    id: e.id,
    type: e.type,
    body: e.body,
    createdAt: e.createdAt.toISOString(),
    attachments: files.filter((f) => f.timelineEventId === e.id).map(meta),
  }))
  const loose = files.filter((f) => f.timelineEventId === null).map(meta)
  if (loose.length && timeline[0]) timeline[0].attachments.unshift(...loose)
  return {
    hospital: { name: organization.name, nameEn: organization.nameEn, timeZone: organization.timeZone },
    number: submission.number!,
    kind: submission.kind,
    caseStatus: kase?.status ?? null,
    patientStatus: patientStatusOf(kase?.status ?? null),
    text: submission.text,
    receivedAt: submission.receivedAt.toISOString(),
    // The deadline matters while the patient waits for the answer, not after it (or a refusal) came.
    answerDueAt: kase && awaitsAnswer(patientStatusOf(kase.status)) ? kase.answerDueAt.toISOString() : null,
    answer: kase?.answer ?? null,
    answeredAt: kase?.answeredAt?.toISOString() ?? null,
    declineReason: kase?.status === 'not_accepted' ? kase.declineReason : null,
    firstResponsible: first ? { name: first.name, nameEn: first.nameEn } : null,
    contactGiven: Boolean(submission.contactPhone || submission.contactEmail),
    trackingUrl: trackingUrl(ctx, token),
    timeline,
  }
}

export type AddInformationOutcome = { ok: true } | { ok: false; notFound: true } | (FormProblem & { notFound?: false })

/**
 * The patient adds text and/or files on the tracking page: a `patient_added_info` event on
 * the submission's timeline (and its case), counted against the hourly limit like a submission.
 */
export async function addInformation(ctx: AppContext, token: string, input: PatientFormInput, { ip, locale }: { ip: string; locale: Locale }): Promise<AddInformationOutcome> {
  const found = await findTracked(ctx, token)
  if (!found) return { ok: false, notFound: true }
  const { submission, organization, kase } = found
  const t = translator(locale)
  const values = keptValues(input.fields, ['text'])
  const problem = (status: FormProblem['status'], formError: string, errors: Record<string, string> = {}): FormProblem => ({ ok: false, status, formError, errors, values, filesDropped: input.filesSent })

  if (input.refused) return problem(413, t('intake:errors.requestTooLarge'))
  if (input.fields.website) return problem(400, t('intake:errors.rejected'))
  const parsed = addInformationSchema.safeParse(values)
  const errors: FieldErrors = parsed.success ? {} : toFieldErrors(parsed.error, locale)
  if (input.fileErrors.length) errors.attachments = input.fileErrors.join(' ')
  if (!parsed.success || Object.keys(errors).length) return problem(400, t('common:errors.formHasErrors'), errors)
  if (!parsed.data.text && input.files.length === 0) return problem(400, t('common:errors.formHasErrors'), { text: t('patient:tracking.addEmpty') })

  const wait = await consumeIntakeLimit(ctx, { organizationId: organization.id, limitPerHour: organization.intakeLimitPerHour, ip, phone: submission.contactPhone ?? undefined })
  if (wait !== null) return rateLimitedProblem(locale, wait, values, input.filesSent)

  await ctx.db.transaction(async (tx) => {
    const event = await insertTimelineEvent(tx, {
      organizationId: organization.id,
      submissionId: submission.id,
      caseId: kase?.id ?? null,
      type: 'patient_added_info',
      visibleToPatient: true,
      body: parsed.data.text || null,
      channel: 'web',
      createdAt: ctx.clock.now(),
    })
    await insertAttachments(
      tx,
      input.files.map((f) => ({ organizationId: organization.id, submissionId: submission.id, timelineEventId: event.id, ...f })),
    )
  })
  return { ok: true }
}

/** One of the patient's visible attachments, by the tracking link; undefined for anything else. */
export async function getTrackingAttachment(ctx: AppContext, token: string, attachmentId: string) {
  if (!isUuid(attachmentId)) return undefined
  const found = await findTracked(ctx, token)
  if (!found) return undefined
  const { organization, submission } = found
  const { files } = await visibleAttachments(ctx, organization.id, submission.id)
  if (!files.some((f) => f.id === attachmentId)) return undefined
  const row = await findAttachment(ctx.db, { organizationId: organization.id, submissionId: submission.id, attachmentId })
  return row ? { fileName: row.fileName, contentType: row.contentType, content: row.content } : undefined
}

