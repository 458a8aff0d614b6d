import { useMemo } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { data, Form, useLoaderData, useActionData } from 'react-router'
import type { Route } from './+types/survey-unsubscribe'
import { SurveyMessage, SurveyShell } from '#app/components/surveys/survey-thanks.tsx'
import { isLocale, type Locale } from '#app/domain/locales.ts'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { i18nFor, translator } from '#app/lib/i18n.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { unsubscribeByToken, unsubscribeView, type UnsubscribeView } from '#app/services/survey-opt-out.server.ts'
import patientStyles from '../../styles/patient.css?url'

const PRIVATE_HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'same-origin', 'X-Robots-Tag': 'noindex' }

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: patientStyles }]

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.title ?? '' }, { name: 'robots', content: 'noindex' }]
}

function titleOf(view: UnsubscribeView, locale: Locale) {
  const t = translator(locale)
  const key = view.state === 'unknown' ? 'unknownTitle' : view.state === 'no_email' ? 'noEmailTitle' : view.state === 'done' ? 'doneTitle' : 'title'
  return t(`surveyUnsubscribe:${key}`)
}

/** /s/:token/unsubscribe — the link in every survey email: confirm, then no more survey emails. */
/** ?lang= overrides the invitation's language, as on the survey page. */
function langOf(request: Request): Locale | null {
  const lang = new URL(request.url).searchParams.get('lang')
  return isLocale(lang) ? lang : null
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = getAppContext(context)
  const view = await unsubscribeView(ctx, params.token)
  const locale = langOf(request) ?? (view.state === 'unknown' ? getRequestInfo(context).locale : view.locale)
  return data({ view, locale, title: titleOf(view, locale) }, { status: view.state === 'unknown' ? 404 : 200, headers: PRIVATE_HEADERS })
}

/** The confirm button, and mail clients' one-click POST (RFC 8058) to the same address. */
export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getAppContext(context)
  const view = await unsubscribeByToken(ctx, params.token)
  const locale = langOf(request) ?? (view.state === 'unknown' ? getRequestInfo(context).locale : view.locale)
  return data({ view, locale, title: titleOf(view, locale) }, { status: view.state === 'unknown' ? 404 : 200, headers: PRIVATE_HEADERS })
}

export default function SurveyUnsubscribe() {
  const loaded = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const { view, locale } = posted ?? loaded
  const i18n = useMemo(() => i18nFor(locale), [locale])
  return (
    <I18nextProvider i18n={i18n}>
      <SurveyShell hospital={null} locale={locale} switchHref={`?lang=${locale === 'en' ? 'zh-CN' : 'en'}`}>
        <UnsubscribeBody view={view} />
      </SurveyShell>
    </I18nextProvider>
  )
}

function UnsubscribeBody({ view }: { view: UnsubscribeView }) {
  const { t } = useTranslation('surveyUnsubscribe')
  switch (view.state) {
    case 'unknown':
      return <SurveyMessage title={t('unknownTitle')} body={t('unknownBody')} />
    case 'no_email':
      return <SurveyMessage title={t('noEmailTitle')} body={t('noEmailBody')} />
    case 'done':
      return <SurveyMessage title={t('doneTitle')} body={t('doneBody', { hospital: view.hospital, email: view.email })} />
    case 'ready':
      return (
        <section className="card survey-message">
          <h1>{t('title')}</h1>
          <p>{t('intro', { hospital: view.hospital, email: view.email })}</p>
          <Form method="post">
            <button type="submit" className="button primary">
              {t('confirm')}
            </button>
          </Form>
        </section>
      )
  }
}
