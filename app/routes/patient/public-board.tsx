import { useMemo } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { data, useLoaderData, useParams } from 'react-router'
import type { Route } from './+types/public-board'
import { PublicBoardChart } from '#app/components/charts/public-board-chart.tsx'
import { SurveyMessage, SurveyShell } from '#app/components/surveys/survey-thanks.tsx'
import { isLocale, type Locale } from '#app/domain/locales.ts'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { i18nFor, translator } from '#app/lib/i18n.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { loadPublicBoard } from '#app/services/public-board.server.ts'
import patientStyles from '../../styles/patient.css?url'

/**
 * Totals only, the same for every reader of a language: shared caches may keep it a few
 * minutes. The language comes from ?lang=, the language cookie or the browser's languages.
 */
const PUBLIC_HEADERS = { 'Cache-Control': 'public, max-age=300', Vary: 'Accept-Language, Cookie' }
/** Unknown hospital and unpublished board answer alike, and not for long (an admin may publish). */
const NOT_FOUND_HEADERS = { 'Cache-Control': 'public, max-age=60', Vary: 'Accept-Language, Cookie' }

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: patientStyles }]

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.title ?? '' }]
}

export function headers({ loaderHeaders }: Route.HeadersArgs) {
  return loaderHeaders
}

/** ?lang= overrides the reader's language (a plain link, so the page stays cacheable and works without JavaScript). */
function langOf(request: Request): Locale | null {
  const lang = new URL(request.url).searchParams.get('lang')
  return isLocale(lang) ? lang : null
}

function monthLabel(month: string, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${month}T00:00:00Z`))
}

/** /h/:hospital/board — the hospital's public satisfaction board (no sign-in; published by an admin). */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const locale = langOf(request) ?? getRequestInfo(context).locale
  const t = translator(locale)
  const board = await loadPublicBoard(getAppContext(context), params.hospital, locale)
  if (!board) return data({ title: t('common:errors.notFoundTitle'), locale, board: null, monthLabel: '' }, { status: 404, headers: NOT_FOUND_HEADERS })
  const hospital = locale === 'en' && board.hospital.nameEn ? board.hospital.nameEn : board.hospital.name
  return data({ title: t('publicBoard:title', { hospital }), locale, board, monthLabel: monthLabel(board.month, locale) }, { headers: PUBLIC_HEADERS })
}

export default function PublicBoardPage() {
  const { locale, board, monthLabel } = useLoaderData<typeof loader>()
  const { hospital = '' } = useParams()
  const i18n = useMemo(() => i18nFor(locale), [locale])
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en'
  const switchHref = `/h/${encodeURIComponent(hospital)}/board?lang=${other}`
  return (
    <I18nextProvider i18n={i18n}>
      <SurveyShell hospital={board?.hospital ?? null} locale={locale} switchHref={switchHref}>
        {board ? <Board board={board} monthLabel={monthLabel} /> : <NotFound />}
      </SurveyShell>
    </I18nextProvider>
  )
}

function Board({ board, monthLabel }: { board: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['board']>; monthLabel: string }) {
  const { t } = useTranslation('publicBoard')
  return (
    <>
      <section className="card">
        <h1>{t('heading')}</h1>
        <p>
          <strong data-board-month={board.month}>{t('month', { month: monthLabel })}</strong>
        </p>
        <p className="hint">{t('intro')}</p>
        <p className="hint">{t('threshold', { min: board.minResponses })}</p>
        <p className="hint">{t('privacy')}</p>
      </section>
      {board.rows.length ? (
        <PublicBoardChart rows={board.rows} />
      ) : (
        <section className="card" role="status">
          <p>{t('empty')}</p>
        </section>
      )}
    </>
  )
}

function NotFound() {
  const { t } = useTranslation('common')
  return <SurveyMessage title={t('errors.notFoundTitle')} body={t('errors.notFoundBody')} />
}
