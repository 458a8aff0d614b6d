import { useMemo } from 'react'
import { I18nextProvider } from 'react-i18next'
import { data, redirect, useActionData, useLoaderData, useParams } from 'react-router'
import type { Route } from './+types/survey'
import { SurveyForm } from '#app/components/surveys/survey-form.tsx'
import { SurveyClosed, SurveyShell } from '#app/components/surveys/survey-thanks.tsx'
import { isLocale, type Locale } from '#app/domain/locales.ts'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { i18nFor, translator } from '#app/lib/i18n.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { openSurvey, respondToSurvey } from '#app/services/survey-response.server.ts'
import patientStyles from '../../styles/patient.css?url'

/**
 * The link is the only key: keep it out of caches, search engines and Referer headers to other
 * sites. `same-origin` rather than `no-referrer`: with no-referrer browsers send `Origin: null`
 * on form posts, which React Router refuses as a cross-origin action.
 */
const PRIVATE_HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'same-origin', 'X-Robots-Tag': 'noindex' }

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: patientStyles }]

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.title ?? '' }, { name: 'robots', content: 'noindex' }, { name: 'referrer', content: 'same-origin' }]
}

export function headers() {
  return new Headers(PRIVATE_HEADERS)
}

/** ?lang= overrides the invitation's language (the respondent's own switch). */
function langOf(request: Request): Locale | null {
  const lang = new URL(request.url).searchParams.get('lang')
  return isLocale(lang) ? lang : null
}

function surveyHref(token: string, query: { lang?: Locale | null; page?: number | null; done?: boolean }) {
  const search = new URLSearchParams()
  if (query.page) search.set('page', String(query.page))
  if (query.done) search.set('done', '1')
  if (query.lang) search.set('lang', query.lang)
  const qs = search.toString()
  return `/s/${encodeURIComponent(token)}${qs ? `?${qs}` : ''}`
}

/** /s/:token — a follow-up survey, opened from an SMS or email link. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = getAppContext(context)
  const url = new URL(request.url)
  const lang = langOf(request)
  const view = await openSurvey(ctx, params.token)
  if (view.state === 'unknown') {
    const locale = lang ?? getRequestInfo(context).locale
    return data({ title: translator(locale)('surveys:page.unknownTitle'), locale, lang, view, page: null, done: false }, { status: 404, headers: PRIVATE_HEADERS })
  }
  const locale = lang ?? view.locale
  const t = translator(locale)
  if (view.state !== 'open') {
    const done = view.state === 'completed' && url.searchParams.get('done') === '1'
    const title = t(done ? 'surveys:page.thanksTitle' : view.state === 'completed' ? 'surveys:page.completedTitle' : 'surveys:page.expiredTitle')
    return data({ title, locale, lang, view, page: null, done }, { status: view.state === 'expired' ? 410 : 200, headers: PRIVATE_HEADERS })
  }
  const count = view.content.questions.length
  const asked = Number(url.searchParams.get('page'))
  const page = view.content.paged ? (Number.isInteger(asked) && asked >= 1 ? Math.min(asked, count) : 1) : null
  return data({ title: view.content.title[locale], locale, lang, view, page, done: false }, { headers: PRIVATE_HEADERS })
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getAppContext(context)
  const lang = langOf(request)
  const outcome = await respondToSurvey(ctx, params.token, await request.formData())
  switch (outcome.kind) {
    case 'unknown':
    case 'closed':
      // Nothing saved: the page says why (unknown link, expired, already completed).
      return redirect(surveyHref(params.token, { lang }), { status: 303, headers: PRIVATE_HEADERS })
    case 'moved':
      return redirect(surveyHref(params.token, { lang, page: outcome.page }), { status: 303, headers: PRIVATE_HEADERS })
    case 'completed':
      return redirect(surveyHref(params.token, { lang, done: true }), { status: 303, headers: PRIVATE_HEADERS })
    case 'invalid': {
      const t = translator(lang ?? outcome.locale)
      const errors = Object.fromEntries(Object.entries(outcome.errors).map(([id, key]) => [id, t(key as 'surveys:errors.answerRequired')]))
      return data({ errors, values: outcome.values, wantsContact: outcome.wantsContact, page: outcome.page }, { status: 400, headers: PRIVATE_HEADERS })
    }
  }
}

export default function Survey() {
  const { locale, lang, view, page, done } = useLoaderData<typeof loader>()
  const problem = useActionData<typeof action>()
  const { token = '' } = useParams()
  const i18n = useMemo(() => i18nFor(locale), [locale])
  const shownPage = problem ? problem.page : page
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en'
  const switchHref = surveyHref(token, { lang: other, page: shownPage, done })
  const hospital = view.state === 'unknown' ? null : view.hospital
  return (
    <I18nextProvider i18n={i18n}>
      <SurveyShell hospital={hospital} locale={locale} switchHref={switchHref}>
        {view.state === 'open' ? (
          <SurveyForm
            key={JSON.stringify([shownPage, problem?.errors ?? null])}
            content={view.content}
            locale={locale}
            values={problem?.values ?? view.values}
            errors={problem?.errors ?? {}}
            wantsContact={problem?.wantsContact ?? view.wantsContact}
            page={shownPage}
            action={surveyHref(token, { lang })}
          />
        ) : (
          <SurveyClosed kind={done ? 'thanks' : view.state} />
        )}
      </SurveyShell>
    </I18nextProvider>
  )
}
