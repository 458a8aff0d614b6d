import { useTranslation } from 'react-i18next'
import { data, redirect, useActionData, useLoaderData, useParams, useSearchParams } from 'react-router'
import type { Route } from './+types/tracking'
import { AddInformationForm } from '#app/components/patient/add-information-form.tsx'
import { PatientShell, UnavailablePage } from '#app/components/patient/patient-shell.tsx'
import { HospitalAnswer, Receipt } from '#app/components/patient/receipt.tsx'
import { Timeline } from '#app/components/patient/timeline.tsx'
import type { Locale } from '#app/domain/locales.ts'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { formatDate, formatDateTime } from '#app/lib/format.ts'
import { translator } from '#app/lib/i18n.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { readPatientForm } from '#app/lib/uploads.server.ts'
import { addInformation, loadTracking } from '#app/services/patient-tracking.server.ts'
import patientStyles from '../../styles/patient.css?url'

/**
 * The link is the only key: keep it out of caches, search engines and Referer headers to other
 * sites (same-origin, not no-referrer: the form posts need their Origin header).
 */
const PRIVATE_HEADERS = { 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'same-origin', 'X-Robots-Tag': 'noindex' }

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: patientStyles }]

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.title ?? '' }, { name: 'robots', content: 'noindex' }, { name: 'referrer', content: 'same-origin' }]
}

export function headers({ actionHeaders, loaderHeaders }: Route.HeadersArgs) {
  const headers = new Headers(PRIVATE_HEADERS)
  const retry = actionHeaders.get('Retry-After') ?? loaderHeaders.get('Retry-After')
  if (retry) headers.set('Retry-After', retry)
  return headers
}

/** /t/:token — the patient's private tracking page (status, timeline, answer, add information). */
export async function loader({ params, context }: Route.LoaderArgs) {
  const ctx = getAppContext(context)
  const t = translator(getRequestInfo(context).locale)
  const view = await loadTracking(ctx, params.token)
  if (!view) return data({ title: t('patient:unavailable.trackingTitle'), view: null }, { status: 404, headers: PRIVATE_HEADERS })
  return data({ title: `${view.number} · ${t('patient:tracking.title')}`, view }, { headers: PRIVATE_HEADERS })
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getAppContext(context)
  const { clientIp, locale } = getRequestInfo(context)
  const input = await readPatientForm(request, locale)
  const outcome = await addInformation(ctx, params.token, input, { ip: clientIp, locale })
  if (outcome.ok) return redirect(`/t/${params.token}?added=1`, { status: 303, headers: PRIVATE_HEADERS })
  if (outcome.notFound) throw new Response('Not Found', { status: 404, statusText: 'Not Found' })
  const { formError, errors, values, filesDropped } = outcome
  return data({ formError, errors, values, filesDropped }, { status: outcome.status, headers: { ...PRIVATE_HEADERS, ...(outcome.retryAfterSeconds ? { 'Retry-After': String(outcome.retryAfterSeconds) } : {}) } })
}

export default function Tracking() {
  const { view } = useLoaderData<typeof loader>()
  const problem = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { token } = useParams()
  const { t, i18n } = useTranslation(['patient', 'intake'])
  if (!view) return <UnavailablePage hospital={null} title={t('unavailable.trackingTitle')} body={t('unavailable.trackingBody')} />
  const locale = i18n.language as Locale
  const tz = view.hospital.timeZone
  const isNew = params.get('new') === '1'
  const status = t(`tracking.statuses.${view.patientStatus}`)
  const TitleTag = isNew ? 'h2' : 'h1'
  return (
    <PatientShell hospital={view.hospital}>
      {isNew ? <Receipt receipt={{ ...view, timeZone: tz }} /> : null}
      <section className="card" aria-labelledby="tracking-title">
        <TitleTag id="tracking-title">{t('tracking.title')}</TitleTag>
        {params.get('added') === '1' && !problem ? (
          <p className="notice" role="status">
            {t('tracking.added')}
          </p>
        ) : null}
        <dl className="facts">
          <dt>{t('tracking.number')}</dt>
          <dd data-number="true">{view.number}</dd>
          <dt>{t('tracking.kind')}</dt>
          <dd>{t(`intake:kinds.${view.kind}`)}</dd>
          <dt>{t('tracking.status')}</dt>
          <dd data-status="true">{status}</dd>
          <dt>{t('tracking.receivedAt')}</dt>
          <dd>{formatDateTime(view.receivedAt, locale, tz)}</dd>
          {view.answerDueAt ? (
            <>
              <dt>{t('tracking.answerDueAt')}</dt>
              <dd>{formatDate(view.answerDueAt, locale, tz)}</dd>
            </>
          ) : null}
        </dl>
        <HospitalAnswer reply={{ ...view, timeZone: tz }} />
        <h2>{t('tracking.yourText')}</h2>
        <p className="your-text">{view.text}</p>
        <h2>{t('tracking.timelineTitle')}</h2>
        <Timeline entries={view.timeline} timeZone={tz} attachmentHref={(id) => `/t/${token}/attachments/${id}`} />
        <p className="hint">{t('privateLink')}</p>
      </section>
      <section className="card" aria-labelledby="add-title">
        <h2 id="add-title">{t('tracking.addTitle')}</h2>
        <AddInformationForm key={JSON.stringify(problem ?? null)} problem={problem} />
      </section>
    </PatientShell>
  )
}
