import { data, redirect, type RouterContextProvider } from 'react-router'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { readPatientForm } from '#app/lib/uploads.server.ts'
import { submitFeedback, type PlaceLookup } from '#app/services/patient-feedback.server.ts'
import { addRatingComment, submitQuickRating } from '#app/services/quick-rating.server.ts'

const retryAfter = (seconds: number | undefined): HeadersInit | undefined => (seconds ? { 'Retry-After': String(seconds) } : undefined)
const shownRating = (value: string | undefined) => (/^[1-5]$/.test(value ?? '') ? Number(value) : 5)

/**
 * The one action behind /q/:code and /h/:hospital/feedback: `intent` says which form was
 * sent (rate | comment | feedback). A recorded feedback redirects (303) to its tracking page.
 */
export async function patientFeedbackAction({ request, context }: { request: Request; context: Readonly<RouterContextProvider> }, lookup: PlaceLookup) {
  if (!lookup.ok) throw new Response('Not Found', { status: 404, statusText: 'Not Found' })
  const ctx = getAppContext(context)
  const { clientIp, locale } = getRequestInfo(context)
  const input = await readPatientForm(request, locale)
  const { place } = lookup

  if (input.fields.intent === 'rate' && place.touchpoint) {
    const rated = await submitQuickRating(ctx, place, input.fields, { ip: clientIp, locale })
    if (rated.ok) return data({ for: 'rating' as const, state: 'rated' as const, rating: rated.rating, ratingToken: rated.ratingToken })
    return data({ for: 'rating' as const, state: 'error' as const, formError: rated.formError }, { status: rated.status, headers: retryAfter(rated.retryAfterSeconds) })
  }
  if (input.fields.intent === 'comment' && place.touchpoint) {
    const rating = shownRating(input.fields.rating)
    const commented = await addRatingComment(ctx, place, input.fields, { locale })
    if (commented.ok) return data({ for: 'rating' as const, state: 'commented' as const, rating })
    return data(
      { for: 'rating' as const, state: 'commentError' as const, rating, ratingToken: input.fields.ratingToken ?? '', comment: input.fields.comment ?? '', error: commented.error, closed: commented.closed },
      { status: commented.status },
    )
  }

  const outcome = await submitFeedback(ctx, place, input, { ip: clientIp, locale })
  if (outcome.ok) return redirect(outcome.trackingPath, 303)
  const { formError, errors, values, filesDropped } = outcome
  return data({ for: 'feedback' as const, formError, errors, values, filesDropped }, { status: outcome.status, headers: retryAfter(outcome.retryAfterSeconds) })
}
