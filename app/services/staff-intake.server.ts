import { z } from 'zod'
import { sortAsTree } from '#app/domain/department-tree.ts'
import { isUuid } from '#app/domain/form-fields.ts'
import type { StaffIntakeForm } from '#app/domain/intake-form.ts'
import { maskEmail, maskPhone } from '#app/domain/phone.ts'
import { isDepartmentScoped, type Role } from '#app/domain/roles.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { listDepartments } from '#db/queries/departments.ts'
import { findStaffEnteredSubmission, isActiveStaffMember, listActiveStaff } from '#db/queries/intake-staff.ts'
import { audit } from './audit.server.ts'
import { issueTrackingLink, recordSubmission } from './intake.server.ts'

/** Praise may name a staff member of this hospital (picked from the list) besides the free-text name. */
export const praisedStaffSchema = z.object({
  praisedUserId: z
    .union([z.uuid('staffIntake:errors.praisedStaffInvalid'), z.literal('')])
    .optional()
    .transform((v) => (v ? v : null)),
})

/** The signed-in staff member entering a submission. */
export interface StaffActor {
  organizationId: string
  userId: string
  role: Role
  departmentIds: readonly string[]
}

export type StaffIntakeError = 'departmentInvalid' | 'praisedStaffInvalid'

/**
 * Choices for the intake form: active departments as an indented tree, the hospital's active
 * staff (for praise), and the user's own department preselected for department heads and staff.
 */
export async function staffIntakeFormOptions(ctx: AppContext, actor: StaffActor) {
  const [departments, staff] = await Promise.all([listDepartments(ctx.db, { organizationId: actor.organizationId }), listActiveStaff(ctx.db, { organizationId: actor.organizationId })])
  const departmentOptions = sortAsTree(departments)
    .filter((d) => d.active)
    .map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn, depth: d.depth, active: d.active }))
  const ownDepartment = isDepartmentScoped(actor.role) ? departmentOptions.find((d) => actor.departmentIds.includes(d.id)) : undefined
  return {
    departmentOptions,
    staffOptions: staff.map((s) => ({ id: s.userId, name: s.name, departments: s.departments })),
    defaultDepartmentId: ownDepartment?.id ?? '',
  }
}

/** What the receipt shows: no clear phone, email or name, and the tracking link only right after it was made. */
export interface StaffIntakeReceipt {
  submissionId: string
  number: string
  kind: string
  channel: string
  caseStatus: string | null
  firstResponsibleName: string | null
  enteredByName: string | null
  answerDueAt: string | null
  receivedAt: string
  departmentName: string | null
  departmentNameEn: string | null
  praisedName: string | null
  contactPhone: string | null
  contactEmail: string | null
  patientLocale: string
  trackingUrl: string | null
}

type Found = NonNullable<Awaited<ReturnType<typeof findStaffEnteredSubmission>>>

function toReceipt(found: Found, trackingUrl: string | null): StaffIntakeReceipt {
  const s = found.submission
  const praisedNames = [found.praisedUserName, s.praisedStaffName].filter((n): n is string => !!n)
  return {
    submissionId: s.id,
    number: s.number ?? '',
    kind: s.kind,
    channel: s.channel,
    caseStatus: found.case?.status ?? null,
    firstResponsibleName: found.case?.firstResponsibleUserId ? found.firstResponsibleName : null,
    enteredByName: found.enteredByName,
    answerDueAt: found.case?.answerDueAt?.toISOString() ?? null,
    receivedAt: s.receivedAt.toISOString(),
    departmentName: found.departmentName,
    departmentNameEn: found.departmentNameEn,
    praisedName: [...new Set(praisedNames)].join(' / ') || null,
    contactPhone: s.contactPhone ? maskPhone(s.contactPhone) : null,
    contactEmail: s.contactEmail ? maskEmail(s.contactEmail) : null,
    patientLocale: s.locale,
    trackingUrl,
  }
}

/**
 * Records a phone call, walk-in, letter… for a patient. The staff user becomes the first
 * responsible person of a complaint (DESIGN.md §3); recordSubmission writes the audit event.
 */
export async function enterStaffSubmission(
  ctx: AppContext,
  actor: StaffActor,
  input: StaffIntakeForm & { praisedUserId: string | null },
): Promise<{ ok: true; receipt: StaffIntakeReceipt } | { ok: false; error: StaffIntakeError }> {
  const praisedUserId = input.kind === 'praise' ? input.praisedUserId : null
  if (praisedUserId && !(await isActiveStaffMember(ctx.db, { organizationId: actor.organizationId, userId: praisedUserId }))) return { ok: false, error: 'praisedStaffInvalid' }
  const result = await recordSubmission(ctx, {
    organizationId: actor.organizationId,
    kind: input.kind,
    channel: input.channel,
    text: input.text,
    category: input.category,
    departmentId: input.departmentId,
    praisedStaffName: input.praisedStaffName ?? null,
    praisedUserId,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone,
    contactEmail: input.contactEmail,
    consentToContact: input.consentToContact,
    locale: input.locale,
    enteredByUserId: actor.userId,
  })
  if (!result.ok) {
    // Staff entry never needs a touchpoint or the patient-service department: only the department can be wrong.
    return { ok: false, error: 'departmentInvalid' }
  }
  const found = await findStaffEnteredSubmission(ctx.db, { organizationId: actor.organizationId, submissionId: result.receipt.submissionId })
  if (!found) throw new Error('a submission just recorded could not be read back')
  return { ok: true, receipt: toReceipt(found, result.receipt.trackingUrl) }
}

/** Patient service and administrators see every staff-entered receipt; others only those they entered. */
function mayView(actor: StaffActor, found: Found) {
  return actor.role === 'admin' || actor.role === 'patient_service' || found.submission.enteredByUserId === actor.userId
}

async function findVisible(ctx: AppContext, actor: StaffActor, submissionId: string) {
  if (!isUuid(submissionId)) return undefined
  const found = await findStaffEnteredSubmission(ctx.db, { organizationId: actor.organizationId, submissionId })
  return found && mayView(actor, found) ? found : undefined
}

/** The receipt of a staff-entered submission, without a tracking link (only its hash is stored). */
export async function getStaffIntakeReceipt(ctx: AppContext, actor: StaffActor, submissionId: string) {
  const found = await findVisible(ctx, actor, submissionId)
  return found ? toReceipt(found, null) : undefined
}

/** A fresh tracking link to hand to the patient again; earlier links keep working. */
export async function issueStaffTrackingLink(ctx: AppContext, actor: StaffActor, submissionId: string) {
  const found = await findVisible(ctx, actor, submissionId)
  if (!found) return undefined
  const link = await ctx.db.transaction(async (tx) => {
    const issued = await issueTrackingLink(ctx, tx, { organizationId: actor.organizationId, submissionId: found.submission.id })
    await audit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'submission.tracking_link_issued',
      entityType: 'submission',
      entityId: found.submission.id,
      after: { number: found.submission.number },
    })
    return issued
  })
  return toReceipt(found, link.url)
}
