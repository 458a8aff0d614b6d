import { useMemo } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
  type LinksFunction,
} from 'react-router'
import type { Route } from './+types/root'
import { DEFAULT_LOCALE } from './domain/locales.ts'
import { i18nFor } from './lib/i18n.ts'
import { getRequestInfo } from './lib/request-context.server.ts'
import { rootMiddleware } from './lib/root-middleware.server.ts'
import stylesUrl from './styles.css?url'

export const middleware: Route.MiddlewareFunction[] = [rootMiddleware]

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesUrl }]

export async function loader({ context }: Route.LoaderArgs) {
  const { locale, csrfToken, user } = getRequestInfo(context)
  return { locale, csrfToken, user: user ? { name: user.name, email: user.email } : null }
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData()
  const locale = data?.locale ?? DEFAULT_LOCALE
  const i18n = useMemo(() => i18nFor(locale), [locale])
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{i18n.t('appName')}</title>
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  let title: string = t('errors.genericTitle')
  let body: string = t('errors.genericBody')
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) [title, body] = [t('errors.notFoundTitle'), t('errors.notFoundBody')]
    else if (error.status === 403 && error.statusText === 'CSRF') [title, body] = [t('errors.csrfTitle'), t('errors.csrfBody')]
    else if (error.status === 403) [title, body] = [t('errors.forbiddenTitle'), t('errors.forbiddenBody')]
  }
  return (
    <main className="page narrow error-page">
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a href="/">{t('errors.backHome')}</a>
      </p>
    </main>
  )
}
