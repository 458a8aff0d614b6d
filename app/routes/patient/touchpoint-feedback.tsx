import { useTranslation } from 'react-i18next'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/touchpoint-feedback'
import { FeedbackForm } from '#app/components/patient/feedback-form.tsx'
import { PatientShell, UnavailablePage } from '#app/components/patient/patient-shell.tsx'
import { QuickRating, type RatingState } from '#app/components/patient/quick-rating.tsx'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { findTouchpointPlace, publicPlace } from '#app/services/patient-feedback.server.ts'
import patientStyles from '../../styles/patient.css?url'
import { patientFeedbackAction } from './feedback-action.server.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: patientStyles }]

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.title ?? '' }]
}

/** Passes Retry-After through when the hourly limit was hit. */
export function headers({ actionHeaders, loaderHeaders }: Route.HeadersArgs) {
  return actionHeaders.has('Retry-After') ? actionHeaders : loaderHeaders
}

/** /q/:code — the form a touchpoint's QR code opens. */
export async function loader({ params, context }: Route.LoaderArgs) {
  const ctx = getAppContext(context)
  const t = translator(getRequestInfo(context).locale)
  const lookup = await findTouchpointPlace(ctx, params.code)
  if (!lookup.ok) {
    const title = lookup.reason === 'inactive' ? t('patient:unavailable.title') : t('patient:unavailable.notFoundTitle')
    return data({ unavailable: lookup.reason, hospital: lookup.hospital ? { name: lookup.hospital.name, nameEn: lookup.hospital.nameEn } : null, title, place: null }, { status: 404 })
  }
  return { unavailable: null, hospital: null, title: `${lookup.place.touchpoint!.name} · ${t('patient:title')}`, place: publicPlace(lookup.place) }
}

export async function action(args: Route.ActionArgs) {
  return patientFeedbackAction(args, await findTouchpointPlace(getAppContext(args.context), args.params.code))
}

export default function TouchpointFeedback() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation('patient')
  if (!loaded.place) {
    const inactive = loaded.unavailable === 'inactive'
    return <UnavailablePage hospital={loaded.hospital} title={inactive ? t('unavailable.title') : t('unavailable.notFoundTitle')} body={inactive ? t('unavailable.body') : t('unavailable.notFoundBody')} />
  }
  const { place } = loaded
  const en = i18n.language === 'en'
  const name = (n: { name: string; nameEn: string | null }) => (en && n.nameEn ? n.nameEn : n.name)
  const problem = actionData?.for === 'feedback' ? actionData : undefined
  const rating = actionData?.for === 'rating' ? (actionData as RatingState) : undefined
  return (
    <PatientShell hospital={place.hospital}>
      <p className="place">{t('place', { place: name(place.touchpoint!), department: name(place.department!) })}</p>
      {problem ? null : (
        <section className="card" aria-labelledby="rating-title">
          <h1 id="rating-title">{t('rating.question')}</h1>
          <QuickRating fromPage={rating} />
        </section>
      )}
      <section className="card" id="feedback">
        {problem ? <h1 id="feedback-title">{t('form.title')}</h1> : <h2 id="feedback-title">{t('form.title')}</h2>}
        <p>{t('form.touchpointIntro', { department: name(place.department!) })}</p>
        <FeedbackForm key={JSON.stringify(problem ?? null)} problem={problem} />
      </section>
    </PatientShell>
  )
}
