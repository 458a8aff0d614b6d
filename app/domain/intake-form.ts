import { z } from 'zod'
import { optionalText } from './form-fields.ts'
import { CATEGORIES, COMMENT_MAX, FORM_KINDS, QUICK_RATINGS, STAFF_CHANNELS, TEXT_MAX } from './intake.ts'
import { normalizeMainlandMobile } from './phone.ts'

/**
 * The patient form's fields (files are checked separately, by content). One schema for the
 * server and for the browser's inline validation; messages are translation keys.
 */
const checkbox = z
  .enum(['on', 'true', 'false', ''])
  .optional()
  .transform((v) => v === 'on' || v === 'true')

const phone = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null
    const normalized = normalizeMainlandMobile(v)
    if (!normalized) {
      ctx.addIssue({ code: 'custom', message: 'intake:errors.phoneInvalid' })
      return z.NEVER
    }
    return normalized
  })

const email = z
  .string()
  .trim()
  .max(200, 'common:errors.tooLong')
  .optional()
  .transform((v, ctx) => {
    if (!v) return null
    if (!z.email().safeParse(v).success) {
      ctx.addIssue({ code: 'custom', message: 'intake:errors.emailInvalid' })
      return z.NEVER
    }
    return v.toLowerCase()
  })

/** An optional choice: the empty option means none. */
const optionalCategory = z
  .union([z.enum(CATEGORIES), z.literal('')])
  .optional()
  .transform((v) => (v ? v : null))
const optionalDepartmentId = z
  .union([z.string().uuid(), z.literal('')])
  .optional()
  .transform((v) => (v ? v : null))

const contactFields = {
  contactName: optionalText(50),
  contactPhone: phone,
  contactEmail: email,
  consentToContact: checkbox,
}

/** Being called back needs a way to reach the patient. */
function requireContactForConsent(v: { consentToContact: boolean; contactPhone: string | null; contactEmail: string | null }, ctx: z.RefinementCtx) {
  if (v.consentToContact && !v.contactPhone && !v.contactEmail) {
    ctx.addIssue({ code: 'custom', path: ['contactPhone'], message: 'intake:errors.contactNeeded' })
  }
}

export const feedbackFormSchema = z
  .object({
    kind: z.enum(FORM_KINDS, { message: 'intake:errors.kindRequired' }),
    category: optionalCategory,
    text: z.string().trim().min(1, 'intake:errors.textRequired').max(TEXT_MAX, 'common:errors.tooLong'),
    /** Praise: who to thank (optional). */
    praisedStaffName: optionalText(50),
    /** Public web form: the department it concerns (optional; QR forms take the touchpoint's). */
    departmentId: optionalDepartmentId,
    ...contactFields,
    /** Honeypot: hidden from people; anything typed here is a bot. */
    website: z.string().max(0, 'intake:errors.rejected').optional(),
  })
  .superRefine(requireContactForConsent)
export type FeedbackForm = z.output<typeof feedbackFormSchema>

export const quickRatingSchema = z.object({
  rating: z.coerce.number().int().refine((n) => (QUICK_RATINGS as readonly number[]).includes(n), 'intake:errors.ratingRequired'),
  comment: optionalText(COMMENT_MAX),
  website: z.string().max(0, 'intake:errors.rejected').optional(),
})
export type QuickRatingForm = z.output<typeof quickRatingSchema>

/** Staff entering a phone call, walk-in, letter… on the patient's behalf. */
export const staffIntakeSchema = z
  .object({
    channel: z.enum(STAFF_CHANNELS, { message: 'intake:errors.channelRequired' }),
    kind: z.enum(FORM_KINDS, { message: 'intake:errors.kindRequired' }),
    category: optionalCategory,
    text: z.string().trim().min(1, 'intake:errors.textRequired').max(TEXT_MAX, 'common:errors.tooLong'),
    departmentId: optionalDepartmentId,
    praisedStaffName: optionalText(50),
    ...contactFields,
    locale: z.enum(['zh-CN', 'en']).optional().default('zh-CN'),
  })
  .superRefine(requireContactForConsent)
export type StaffIntakeForm = z.output<typeof staffIntakeSchema>

/** Text a patient adds on the tracking page. */
export const addInformationSchema = z.object({
  text: z.string().trim().max(TEXT_MAX, 'common:errors.tooLong').optional().default(''),
})
