import { formatCaseNumber, caseNumberMonth } from '#app/domain/case-number.ts'
import { getsReceipt, opensCase, type Category, type Channel, type SubmissionKind, type StaffChannel } from '#app/domain/intake.ts'
import type { Locale } from '#app/domain/locales.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashToken, newToken } from '#app/lib/tokens.server.ts'
import type { Database } from '#db/client.ts'
import type { Executor } from '#db/executor.ts'
import { insertCase } from '#db/queries/cases.ts'
import { findDepartment, findPatientServiceDepartment } from '#db/queries/departments.ts'
import { findOrganizationById, type Organization } from '#db/queries/organizations.ts'
import { allocateCaseSequence, insertAttachments, insertSubmission, insertTimelineEvent, insertTrackingLink, nextCaseSequence } from '#db/queries/submissions.ts'
import { findTouchpoint } from '#db/queries/touchpoints.ts'
import { renderReceiptEmail, renderReceiptSms } from '#emails/receipt.ts'
import { audit } from './audit.server.ts'
import { calendarOverridesForNewDeadline } from './calendar.server.ts'
import { newCaseClocks, startNewCaseClocks } from './case-clocks.server.ts'
import { scheduleClockJobs } from './sla-escalations.server.ts'
import { queueEmail, queueSms } from './messages.server.ts'
import { markRollupsDirtyFor } from './board-rollups.server.ts'

/** A file already checked by content type and size (see uploads). */
export interface CheckedAttachment {
  fileName: string
  contentType: string
  content: Buffer
}

/** What every channel hands in, already validated at its boundary. */
export interface SubmissionInput {
  organizationId: string
  kind: SubmissionKind
  channel: Channel
  text: string
  category?: Category | null
  rating?: number | null
  touchpointId?: string | null
  /** The department it concerns when there is no touchpoint (web form choice, staff entry). */
  departmentId?: string | null
  praisedStaffName?: string | null
  praisedUserId?: string | null
  contactName?: string | null
  /** E.164. */
  contactPhone?: string | null
  contactEmail?: string | null
  consentToContact?: boolean
  locale: Locale
  /** Staff channels: the staff user entering it, who becomes the first responsible person. */
  enteredByUserId?: string | null
  attachments?: CheckedAttachment[]
  /** SMS intake answers by TwiML, so no separate receipt SMS goes out. */
  skipReceiptSms?: boolean
}

export interface SubmissionReceipt {
  submissionId: string
  caseId: string | null
  kind: SubmissionKind
  /** Null for quick ratings. */
  number: string | null
  /** The private tracking token (only here, never stored in clear); null for quick ratings. */
  trackingToken: string | null
  trackingUrl: string | null
  answerDueAt: Date | null
}

export type IntakeError = 'touchpointNotFound' | 'departmentNotFound' | 'noPatientServiceDepartment'

export function trackingUrl(ctx: AppContext, token: string) {
  return `${ctx.config.publicUrl}/t/${token}`
}

/**
 * A fresh private tracking link for a submission (an SMS reply, or staff handing the link
 * over again); earlier links keep working. Runs in the caller's transaction when given.
 */
export async function issueTrackingLink(ctx: AppContext, db: Executor, { organizationId, submissionId }: { organizationId: string; submissionId: string }) {
  const token = newToken()
  await insertTrackingLink(db, { organizationId, submissionId, tokenHash: hashToken(token) })
  return { token, url: trackingUrl(ctx, token) }
}

/** The next HY-YYYYMM-NNNNN of a hospital, in its local month, from its own short transaction. */
async function takeCaseNumber(db: Database, organization: Organization, now: Date) {
  const yearMonth = caseNumberMonth(now, organization.timeZone)
  return formatCaseNumber(yearMonth, await allocateCaseSequence(db, { organizationId: organization.id, yearMonth }))
}

/** The same, inside a caller's transaction: the counter row stays locked until it commits. */
async function takeCaseNumberIn(tx: Executor, organization: Organization, now: Date) {
  const yearMonth = caseNumberMonth(now, organization.timeZone)
  return formatCaseNumber(yearMonth, await nextCaseSequence(tx, { organizationId: organization.id, yearMonth }))
}

/** Where a complaint starts (DESIGN.md §3, 首诉负责制): the touchpoint's department, the staff user, or patient service. */
async function firstResponsible(db: Executor, input: SubmissionInput, touchpointDepartmentId: string | null) {
  if (input.enteredByUserId) return { departmentId: null, userId: input.enteredByUserId }
  if (input.channel === 'qr' && touchpointDepartmentId) return { departmentId: touchpointDepartmentId, userId: null }
  const patientService = await findPatientServiceDepartment(db, { organizationId: input.organizationId })
  return patientService ? { departmentId: patientService.id, userId: null } : null
}

/**
 * Records a submission from any channel in one transaction: the submission, its attachments,
 * the case for a complaint (state `received`, first responsible person set, answer deadline in
 * working days), a tracking link and the receipt SMS/email in the outbox. Messages are handed
 * to the worker after the commit.
 */
export async function recordSubmission(ctx: AppContext, input: SubmissionInput): Promise<RecordResult> {
  const now = ctx.clock.now()
  const organization = await findOrganizationById(ctx.db, { organizationId: input.organizationId })
  if (!organization) return { ok: false, error: 'departmentNotFound' }
  // Numbered before the transaction, so concurrent submissions do not queue on the counter.
  const number = getsReceipt(input.kind) ? await takeCaseNumber(ctx.db, organization, now) : null
  try {
    const { result, dispatches } = await ctx.db.transaction(async (tx) => {
      const recorded = await recordSubmissionIn(ctx, tx, input, { organization, number, now })
      if (!recorded.result.ok) throw new Rejected(recorded.result)
      return recorded
    })
    for (const dispatch of dispatches) await dispatch()
    return result
  } catch (e) {
    if (e instanceof Rejected) return e.result
    throw e
  }
}

/** Rolls the transaction back when the input turns out to be unusable half-way. */
class Rejected extends Error {
  constructor(readonly result: Extract<RecordResult, { ok: false }>) {
    super(result.error)
  }
}

export type RecordResult = { ok: true; receipt: SubmissionReceipt } | { ok: false; error: IntakeError }
type Dispatch = () => Promise<unknown>

/**
 * recordSubmission inside the caller's transaction (e.g. with the inbound SMS record); the
 * caller runs `dispatches` after its commit. On `ok: false` the caller should roll back.
 */
export async function recordSubmissionIn(
  ctx: AppContext,
  tx: Executor,
  input: SubmissionInput,
  prepared?: { organization: Organization; number: string | null; now: Date },
): Promise<{ result: RecordResult; dispatches: Dispatch[] }> {
  const now = prepared?.now ?? ctx.clock.now()
  const dispatches: Dispatch[] = []
  const result = await (async (): Promise<RecordResult> => {
    const organization = prepared?.organization ?? (await findOrganizationById(tx, { organizationId: input.organizationId }))
    if (!organization) return { ok: false as const, error: 'departmentNotFound' as const }

    let departmentId = input.departmentId ?? null
    let touchpointDepartmentId: string | null = null
    if (input.touchpointId) {
      const touchpoint = await findTouchpoint(tx, { organizationId: input.organizationId, touchpointId: input.touchpointId })
      if (!touchpoint) return { ok: false as const, error: 'touchpointNotFound' as const }
      touchpointDepartmentId = touchpoint.departmentId
      departmentId = touchpoint.departmentId
    } else if (departmentId) {
      const department = await findDepartment(tx, { organizationId: input.organizationId, departmentId })
      if (!department || !department.active) return { ok: false as const, error: 'departmentNotFound' as const }
    }

    const withReceipt = getsReceipt(input.kind)
    const number = prepared ? prepared.number : withReceipt ? await takeCaseNumberIn(tx, organization, now) : null

    const submission = await insertSubmission(tx, {
      organizationId: organization.id,
      number,
      kind: input.kind,
      channel: input.channel,
      text: input.text,
      category: input.category ?? null,
      rating: input.rating ?? null,
      touchpointId: input.touchpointId ?? null,
      departmentId,
      praisedStaffName: input.kind === 'praise' ? (input.praisedStaffName ?? null) : null,
      praisedUserId: input.kind === 'praise' ? (input.praisedUserId ?? null) : null,
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      contactEmail: input.contactEmail ?? null,
      consentToContact: input.consentToContact ?? false,
      locale: input.locale,
      enteredByUserId: input.enteredByUserId ?? null,
      receivedAt: now,
    })

    let caseId: string | null = null
    let answerDueAt: Date | null = null
    if (opensCase(input.kind)) {
      const responsible = await firstResponsible(tx, input, touchpointDepartmentId)
      if (!responsible) return { ok: false as const, error: 'noPatientServiceDepartment' as const }
      const overrides = await calendarOverridesForNewDeadline(tx, organization.id)
      // The SLA clocks start with the case (first contact and answer); the case shows the answer clock's deadline.
      const clocks = newCaseClocks({ at: now, calendar: { timeZone: organization.timeZone, overrides }, urgent: false, settings: organization.slaSettings })
      answerDueAt = clocks.find((c) => c.kind === 'answer')?.dueAt ?? null
      if (!answerDueAt) throw new Error('a new case must have a running answer clock')
      const created = await insertCase(tx, {
        organizationId: organization.id,
        submissionId: submission.id,
        number: number!,
        status: 'received',
        category: input.category ?? null,
        firstResponsibleDepartmentId: responsible.departmentId,
        firstResponsibleUserId: responsible.userId,
        ownerDepartmentId: responsible.departmentId,
        ownerUserId: responsible.userId,
        answerDueAt,
        openedAt: now,
      })
      caseId = created.id
      const started = await startNewCaseClocks(tx, { organizationId: organization.id, caseId, at: now, clocks })
      dispatches.push(() => scheduleClockJobs(ctx, started, { replace: false, isNew: true }))
    }

    const event = withReceipt
      ? await insertTimelineEvent(tx, {
          organizationId: organization.id,
          submissionId: submission.id,
          caseId,
          type: 'received',
          visibleToPatient: true,
          actorUserId: input.enteredByUserId ?? null,
          channel: input.channel,
          createdAt: now,
        })
      : null
    await insertAttachments(
      tx,
      (input.attachments ?? []).map((a) => ({ organizationId: organization.id, submissionId: submission.id, timelineEventId: event?.id ?? null, ...a })),
    )

    let token: string | null = null
    if (withReceipt) {
      token = newToken()
      await insertTrackingLink(tx, { organizationId: organization.id, submissionId: submission.id, tokenHash: hashToken(token) })
    }

    if (input.enteredByUserId) {
      await audit(tx, {
        organizationId: organization.id,
        actorUserId: input.enteredByUserId,
        action: 'submission.entered',
        entityType: 'submission',
        entityId: submission.id,
        after: { number, kind: input.kind, channel: input.channel, departmentId, caseId },
      })
    }

    await markRollupsDirtyFor(tx, organization.id, { submissionIds: [submission.id] })
    const receipt: SubmissionReceipt = {
      submissionId: submission.id,
      caseId,
      kind: input.kind,
      number,
      trackingToken: token,
      trackingUrl: token ? trackingUrl(ctx, token) : null,
      answerDueAt,
    }
    if (receipt.number && receipt.trackingUrl) dispatches.push(...(await queueReceipts(ctx, tx, organization, input, receipt)))
    return { ok: true as const, receipt }
  })()
  return { result, dispatches }
}

/** The receipt by SMS and/or email when the patient left a phone or email. */
async function queueReceipts(ctx: AppContext, tx: Executor, organization: Organization, input: SubmissionInput, receipt: SubmissionReceipt) {
  const content = {
    locale: input.locale,
    hospitalName: input.locale === 'en' && organization.nameEn ? organization.nameEn : organization.name,
    kind: input.kind,
    number: receipt.number!,
    answerDueAt: receipt.answerDueAt,
    timeZone: organization.timeZone,
    trackingUrl: receipt.trackingUrl!,
  }
  const dispatches: Dispatch[] = []
  if (input.contactPhone && !input.skipReceiptSms) {
    const { dispatch } = await queueSms(ctx, tx, { organizationId: organization.id, to: input.contactPhone, template: 'receipt', body: renderReceiptSms(content) })
    dispatches.push(dispatch)
  }
  if (input.contactEmail) {
    const { dispatch } = await queueEmail(ctx, tx, { organizationId: organization.id, to: input.contactEmail, template: 'receipt', email: renderReceiptEmail(content) })
    dispatches.push(dispatch)
  }
  return dispatches
}

export type { StaffChannel }
