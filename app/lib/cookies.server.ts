import { createCookie, type Cookie } from 'react-router'
import type { AppContext } from './app-context.server.ts'

const SESSION_MAX_AGE_S = 7 * 24 * 3600

interface Cookies {
  session: Cookie
  csrf: Cookie
  locale: Cookie
}

const cache = new WeakMap<AppContext, Cookies>()

/** Signed HTTP-only cookies; `Secure` whenever the public URL is https. */
export function cookiesFor(ctx: AppContext): Cookies {
  let cookies = cache.get(ctx)
  if (!cookies) {
    const secure = ctx.config.publicUrl.startsWith('https:')
    const base = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure, secrets: [ctx.sessionSecret] }
    cookies = {
      session: createCookie('hy_session', { ...base, maxAge: SESSION_MAX_AGE_S }),
      csrf: createCookie('hy_csrf', base),
      locale: createCookie('hy_lang', { ...base, maxAge: 365 * 24 * 3600 }),
    }
    cache.set(ctx, cookies)
  }
  return cookies
}

export const SESSION_TTL_MS = SESSION_MAX_AGE_S * 1000
