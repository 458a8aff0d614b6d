import { createHmac, timingSafeEqual } from 'node:crypto'
import { COMMENT_MAX } from '#app/domain/intake.ts'
import { quickRatingSchema } from '#app/domain/intake-form.ts'
import type { Locale } from '#app/domain/locales.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { addQuickRatingComment } from '#db/queries/quick-ratings.ts'
import { consumeIntakeLimit } from './intake-limits.server.ts'
import { recordSubmission } from './intake.server.ts'
import type { FeedbackPlace } from './patient-feedback.server.ts'

/** A rating's comment may follow within this time, once. */
const COMMENT_WINDOW_MS = 60 * 60 * 1000

/**
 * Links the optional comment to the rating just given without accounts: the rating's id and
 * the time, signed with the server secret. It only ever allows filling in an empty comment.
 */
function sign(ctx: AppContext, submissionId: string, issuedAt: number) {
  return createHmac('sha256', ctx.sessionSecret).update(`rating-comment:${submissionId}:${issuedAt}`).digest('base64url')
}

export function ratingCommentToken(ctx: AppContext, submissionId: string, issuedAt: Date) {
  const at = issuedAt.getTime()
  return `${submissionId}.${at}.${sign(ctx, submissionId, at)}`
}

/** The rating's id when the token is genuine and still within the hour, else null. */
export function verifyRatingCommentToken(ctx: AppContext, token: string): string | null {
  const [submissionId = '', at = '', signature = ''] = token.split('.')
  if (!/^[0-9a-f-]{36}$/.test(submissionId) || !/^\d{1,15}$/.test(at)) return null
  const expected = Buffer.from(sign(ctx, submissionId, Number(at)))
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  const age = ctx.clock.now().getTime() - Number(at)
  return age >= 0 && age <= COMMENT_WINDOW_MS ? submissionId : null
}

export type RatingOutcome = { ok: true; rating: number; ratingToken: string } | { ok: false; status: 400 | 429 | 500; formError: string; retryAfterSeconds?: number }

/** One tap on a face: a `rating` submission of the touchpoint (and its department), counted against the hourly limit. */
export async function submitQuickRating(ctx: AppContext, place: FeedbackPlace, fields: Record<string, string>, { ip, locale }: { ip: string; locale: Locale }): Promise<RatingOutcome> {
  const t = translator(locale)
  if (!place.touchpoint) return { ok: false, status: 400, formError: t('intake:errors.ratingRequired') }
  if (fields.website) return { ok: false, status: 400, formError: t('intake:errors.rejected') }
  const parsed = quickRatingSchema.safeParse({ rating: fields.rating ?? '' })
  if (!parsed.success) return { ok: false, status: 400, formError: t('intake:errors.ratingRequired') }

  const wait = await consumeIntakeLimit(ctx, { organizationId: place.organization.id, limitPerHour: place.organization.intakeLimitPerHour, ip })
  if (wait !== null) return { ok: false, status: 429, formError: t('intake:errors.rateLimited', { minutes: Math.max(1, Math.ceil(wait / 60)) }), retryAfterSeconds: wait }

  const result = await recordSubmission(ctx, {
    organizationId: place.organization.id,
    kind: 'rating',
    channel: 'qr',
    text: '',
    rating: parsed.data.rating,
    touchpointId: place.touchpoint.id,
    locale,
  })
  if (!result.ok) {
    ctx.logger.error('quick rating could not be recorded', { organizationId: place.organization.id, error: result.error })
    return { ok: false, status: 500, formError: t('common:errors.genericBody') }
  }
  return { ok: true, rating: parsed.data.rating, ratingToken: ratingCommentToken(ctx, result.receipt.submissionId, ctx.clock.now()) }
}

export type CommentOutcome = { ok: true } | { ok: false; status: 400; error: string; closed: boolean }

/** The optional comment after a rating: once, within the hour, on that rating only. */
export async function addRatingComment(ctx: AppContext, place: FeedbackPlace, fields: Record<string, string>, { locale }: { locale: Locale }): Promise<CommentOutcome> {
  const t = translator(locale)
  if (fields.website) return { ok: false, status: 400, error: t('intake:errors.rejected'), closed: true }
  const closed = { ok: false as const, status: 400 as const, error: t('patient:rating.commentClosed'), closed: true }
  const submissionId = place.touchpoint ? verifyRatingCommentToken(ctx, fields.ratingToken ?? '') : null
  if (!submissionId || !place.touchpoint) return closed
  const parsed = quickRatingSchema.shape.comment.safeParse(fields.comment ?? '')
  if (!parsed.success) return { ok: false, status: 400, error: t('common:errors.tooLong', { max: COMMENT_MAX }), closed: false }
  if (!parsed.data) return { ok: false, status: 400, error: t('intake:errors.textRequired'), closed: false }
  const saved = await addQuickRatingComment(ctx.db, { organizationId: place.organization.id, submissionId, touchpointId: place.touchpoint.id, text: parsed.data })
  return saved ? { ok: true } : closed
}
