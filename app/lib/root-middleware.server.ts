import type { MiddlewareFunction } from 'react-router'
import { findSessionUser } from '#db/queries/sessions.ts'
import { getAppContext } from './app-context.server.ts'
import { cookiesFor } from './cookies.server.ts'
import { commitCsrfToken, isValidCsrf } from './csrf.server.ts'
import { resolveLocale } from './locale.server.ts'
import { clientIpKey, requestInfoKey } from './request-context.server.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** Machine-to-machine endpoints verify their own signatures instead of a browser token. */
const CSRF_EXEMPT_PREFIXES = ['/webhooks/', '/api/']
/**
 * A survey email's unsubscribe link: mail clients POST to it with no cookies (RFC 8058
 * one-click). The unguessable link is the authority, and all it can do is stop survey emails.
 */
const ONE_CLICK_UNSUBSCRIBE = /^\/s\/[\w-]+\/unsubscribe$/
const csrfExempt = (pathname: string) => CSRF_EXEMPT_PREFIXES.some((p) => pathname.startsWith(p)) || ONE_CLICK_UNSUBSCRIBE.test(pathname)

/** Works out the user, language and CSRF token once per request, and refuses forged form posts. */
export const rootMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const ctx = getAppContext(context)
  const cookies = cookiesFor(ctx)
  const cookieHeader = request.headers.get('cookie')

  const sessionId = await cookies.session.parse(cookieHeader)
  const found =
    typeof sessionId === 'string' && /^[0-9a-f-]{36}$/.test(sessionId)
      ? await findSessionUser(ctx.db, { sessionId, now: ctx.clock.now() })
      : undefined
  const user = found ? { ...found.user, sessionId: found.sessionId } : null

  const locale = resolveLocale({
    cookieLocale: await cookies.locale.parse(cookieHeader),
    userLocale: user?.locale,
    acceptLanguage: request.headers.get('accept-language'),
  })

  const [csrfToken, csrfCookie] = await commitCsrfToken(ctx, request)
  context.set(requestInfoKey, { clientIp: context.get(clientIpKey), csrfToken, locale, user })

  const url = new URL(request.url)
  if (!SAFE_METHODS.has(request.method) && !csrfExempt(url.pathname)) {
    if (!(await isValidCsrf(ctx, request))) {
      ctx.logger.warn('csrf rejected', { path: url.pathname })
      throw new Response('CSRF token missing or invalid', { status: 403, statusText: 'CSRF' })
    }
  }

  const response = await next()
  // A page shared caches may keep (the public board) carries no cookie: one visitor's token
  // must not be handed to the next. Such pages have no forms.
  const publicCache = SAFE_METHODS.has(request.method) && /\bpublic\b/.test(response.headers.get('Cache-Control') ?? '')
  if (csrfCookie && !publicCache) response.headers.append('Set-Cookie', csrfCookie)
  return response
}
