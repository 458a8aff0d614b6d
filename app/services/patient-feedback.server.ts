import { sortAsTree } from '#app/domain/department-tree.ts'
import { feedbackFormSchema } from '#app/domain/intake-form.ts'
import type { Locale } from '#app/domain/locales.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { toFieldErrors, type FieldErrors } from '#app/lib/form-errors.ts'
import { translator } from '#app/lib/i18n.ts'
import type { PatientFormInput } from '#app/lib/uploads.server.ts'
import { listDepartments } from '#db/queries/departments.ts'
import { findOrganizationBySlug, type Organization } from '#db/queries/organizations.ts'
import { findTouchpointByPublicCode } from '#db/queries/touchpoints.ts'
import { consumeIntakeLimit } from './intake-limits.server.ts'
import { recordSubmission } from './intake.server.ts'

interface Named {
  id: string
  name: string
  nameEn: string | null
}

/** Where a patient form points: a QR touchpoint (with its department) or the hospital's web form. */
export interface FeedbackPlace {
  organization: Named & { slug: string; timeZone: string; intakeLimitPerHour: number }
  touchpoint: (Named & { publicCode: string }) | null
  /** The touchpoint's department (QR) — it becomes the first responsible of a complaint. */
  department: Named | null
  /** Web form: the active departments the patient may name (optional), as an indented tree. */
  departmentChoices: (Named & { depth: number })[]
}

export type PlaceLookup = { ok: true; place: FeedbackPlace } | { ok: false; reason: 'notFound' | 'inactive'; hospital: Named | null }

const named = (row: { id: string; name: string; nameEn: string | null }): Named => ({ id: row.id, name: row.name, nameEn: row.nameEn })
const hospitalOf = (o: Organization) => ({ ...named(o), slug: o.slug, timeZone: o.timeZone, intakeLimitPerHour: o.intakeLimitPerHour })

/** The touchpoint a QR code opens; a stopped touchpoint or department is "not available", not an error. */
export async function findTouchpointPlace(ctx: AppContext, code: string): Promise<PlaceLookup> {
  if (!/^[a-z0-9-]{1,40}$/i.test(code)) return { ok: false, reason: 'notFound', hospital: null }
  const found = await findTouchpointByPublicCode(ctx.db, code)
  if (!found) return { ok: false, reason: 'notFound', hospital: null }
  if (!found.touchpoint.active || !found.department.active) return { ok: false, reason: 'inactive', hospital: named(found.organization) }
  return {
    ok: true,
    place: {
      organization: hospitalOf(found.organization),
      touchpoint: { ...named(found.touchpoint), publicCode: found.touchpoint.publicCode },
      department: named(found.department),
      departmentChoices: [],
    },
  }
}

/** The hospital's public web form by its slug, with the departments a patient may name. */
export async function findHospitalPlace(ctx: AppContext, slug: string): Promise<PlaceLookup> {
  const organization = /^[a-z0-9-]{1,64}$/i.test(slug) ? await findOrganizationBySlug(ctx.db, slug) : undefined
  if (!organization) return { ok: false, reason: 'notFound', hospital: null }
  const departments = await listDepartments(ctx.db, { organizationId: organization.id })
  const departmentChoices = sortAsTree(departments)
    .filter((d) => d.active)
    .map((d) => ({ ...named(d), depth: d.depth }))
  return { ok: true, place: { organization: hospitalOf(organization), touchpoint: null, department: null, departmentChoices } }
}

/** The fields the form shows again after an error (never the honeypot, the token or files). */
const KEPT_FIELDS = ['kind', 'category', 'text', 'praisedStaffName', 'departmentId', 'contactName', 'contactPhone', 'contactEmail', 'consentToContact'] as const

export interface FormProblem {
  ok: false
  status: 400 | 413 | 429 | 500
  formError: string
  errors: FieldErrors
  values: Record<string, string>
  /** The patient sent files that were not kept: they must choose them again. */
  filesDropped: boolean
  retryAfterSeconds?: number
}

export type FeedbackOutcome = { ok: true; trackingPath: string; trackingToken: string } | FormProblem

export function keptValues(fields: Record<string, string>, names: readonly string[] = KEPT_FIELDS) {
  const values: Record<string, string> = {}
  for (const name of names) if (typeof fields[name] === 'string') values[name] = fields[name]
  return values
}

export function rateLimitedProblem(locale: Locale, waitSeconds: number, values: Record<string, string>, filesSent: boolean): FormProblem {
  const t = translator(locale)
  return { ok: false, status: 429, formError: t('intake:errors.rateLimited', { minutes: Math.max(1, Math.ceil(waitSeconds / 60)) }), errors: {}, values, filesDropped: filesSent, retryAfterSeconds: waitSeconds }
}

/**
 * The full patient form (complaint, suggestion, praise, inquiry). Refuses bots (honeypot),
 * invalid input and refused files with everything typed kept, counts the sender against the
 * hospital's hourly limit (IP and phone), then records it through the one intake path.
 */
export async function submitFeedback(ctx: AppContext, place: FeedbackPlace, input: PatientFormInput, { ip, locale }: { ip: string; locale: Locale }): Promise<FeedbackOutcome> {
  const t = translator(locale)
  const values = keptValues(input.fields)
  const problem = (status: FormProblem['status'], formError: string, errors: FieldErrors = {}): FormProblem => ({ ok: false, status, formError, errors, values, filesDropped: input.filesSent })

  if (input.refused) return problem(413, t('intake:errors.requestTooLarge'))
  if (input.fields.website) return problem(400, t('intake:errors.rejected'))

  const parsed = feedbackFormSchema.safeParse(values)
  const errors: FieldErrors = parsed.success ? {} : toFieldErrors(parsed.error, locale)
  const departmentId = place.touchpoint ? null : parsed.data?.departmentId ?? null
  if (departmentId && !place.departmentChoices.some((d) => d.id === departmentId)) errors.departmentId = t('intake:errors.departmentInvalid')
  if (input.fileErrors.length) errors.attachments = input.fileErrors.join(' ')
  if (!parsed.success || Object.keys(errors).length) return problem(400, t('common:errors.formHasErrors'), errors)
  const form = parsed.data

  const wait = await consumeIntakeLimit(ctx, { organizationId: place.organization.id, limitPerHour: place.organization.intakeLimitPerHour, ip, phone: form.contactPhone ?? undefined })
  if (wait !== null) return rateLimitedProblem(locale, wait, values, input.filesSent)

  const result = await recordSubmission(ctx, {
    organizationId: place.organization.id,
    kind: form.kind,
    channel: place.touchpoint ? 'qr' : 'web',
    text: form.text,
    category: form.category,
    touchpointId: place.touchpoint?.id ?? null,
    departmentId,
    praisedStaffName: form.praisedStaffName ?? null,
    contactName: form.contactName ?? null,
    contactPhone: form.contactPhone,
    contactEmail: form.contactEmail,
    consentToContact: form.consentToContact,
    locale,
    attachments: input.files,
  })
  if (!result.ok) {
    if (result.error === 'departmentNotFound') return problem(400, t('common:errors.formHasErrors'), { departmentId: t('intake:errors.departmentInvalid') })
    ctx.logger.error('patient feedback could not be recorded', { organizationId: place.organization.id, error: result.error })
    return problem(500, t('common:errors.genericBody'))
  }
  const token = result.receipt.trackingToken!
  return { ok: true, trackingToken: token, trackingPath: `/t/${token}?new=1` }
}

/** What the page may show of a place (no ids but the departments to choose from, no settings). */
export function publicPlace(place: FeedbackPlace) {
  const names = (n: Named) => ({ name: n.name, nameEn: n.nameEn })
  return {
    hospital: { ...names(place.organization), slug: place.organization.slug },
    touchpoint: place.touchpoint ? names(place.touchpoint) : null,
    department: place.department ? names(place.department) : null,
    departmentChoices: place.departmentChoices,
  }
}
export type PublicPlace = ReturnType<typeof publicPlace>
