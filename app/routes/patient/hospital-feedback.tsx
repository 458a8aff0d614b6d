import { useTranslation } from 'react-i18next'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/hospital-feedback'
import { FeedbackForm } from '#app/components/patient/feedback-form.tsx'
import { PatientShell, UnavailablePage, useHospitalName } from '#app/components/patient/patient-shell.tsx'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { findHospitalPlace, publicPlace } from '#app/services/patient-feedback.server.ts'
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

/** /h/:hospital/feedback — the hospital's public web form (no touchpoint; patient service receives it). */
export async function loader({ params, context }: Route.LoaderArgs) {
  const ctx = getAppContext(context)
  const locale = getRequestInfo(context).locale
  const t = translator(locale)
  const lookup = await findHospitalPlace(ctx, params.hospital)
  if (!lookup.ok) return data({ title: t('patient:unavailable.notFoundTitle'), place: null }, { status: 404 })
  const o = lookup.place.organization
  return { title: t('patient:form.hospitalTitle', { hospital: locale === 'en' && o.nameEn ? o.nameEn : o.name }), place: publicPlace(lookup.place) }
}

export async function action(args: Route.ActionArgs) {
  return patientFeedbackAction(args, await findHospitalPlace(getAppContext(args.context), args.params.hospital))
}

export default function HospitalFeedback() {
  const { place } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('patient')
  const hospitalName = useHospitalName()
  if (!place) return <UnavailablePage hospital={null} title={t('unavailable.notFoundTitle')} body={t('unavailable.notFoundBody')} />
  const problem = actionData?.for === 'feedback' ? actionData : undefined
  return (
    <PatientShell hospital={place.hospital}>
      <section className="card" id="feedback">
        <h1 id="feedback-title">{t('form.hospitalTitle', { hospital: hospitalName(place.hospital) })}</h1>
        <p>{t('form.hospitalIntro')}</p>
        <FeedbackForm key={JSON.stringify(problem ?? null)} problem={problem} departmentChoices={place.departmentChoices} />
      </section>
    </PatientShell>
  )
}
