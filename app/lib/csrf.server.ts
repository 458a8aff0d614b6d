import { MultipartParseError, parseMultipartRequest } from '@remix-run/multipart-parser'
import { CSRF, CSRFError } from 'remix-utils/csrf/server'
import type { AppContext } from './app-context.server.ts'
import { cookiesFor } from './cookies.server.ts'

export const CSRF_FIELD = 'csrf'
const cache = new WeakMap<AppContext, CSRF>()

function csrfFor(ctx: AppContext): CSRF {
  let csrf = cache.get(ctx)
  if (!csrf) cache.set(ctx, (csrf = new CSRF({ cookie: cookiesFor(ctx).csrf, formDataKey: CSRF_FIELD, secret: ctx.sessionSecret })))
  return csrf
}

/** The browser's CSRF token, and the Set-Cookie header when a new one was made. */
export function commitCsrfToken(ctx: AppContext, request: Request) {
  return csrfFor(ctx).commitToken(request)
}

/** True when the form carries the token matching the browser's cookie (double submit, signed). */
export async function isValidCsrf(ctx: AppContext, request: Request): Promise<boolean> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.includes('application/x-www-form-urlencoded') && !type.includes('multipart/form-data')) return false
  try {
    const formData = type.includes('multipart/form-data') ? await csrfFieldOf(request) : await request.clone().formData()
    await csrfFor(ctx).validate(formData, request.headers)
    return true
  } catch (e) {
    if (e instanceof CSRFError) return false
    if (e instanceof TypeError) return false // unparseable body
    if (e instanceof MultipartParseError) return false // malformed or over the size limits
    throw e
  }
}

/**
 * Only the token from a multipart body: forms put it first, so reading stops there instead
 * of buffering a second copy of every upload (the action parses the body with its own limits).
 */
async function csrfFieldOf(request: Request): Promise<FormData> {
  const found = new FormData()
  for await (const part of parseMultipartRequest(request.clone(), { maxFileSize: 25 * 1024 * 1024, maxTotalSize: 25 * 1024 * 1024 })) {
    if (part.name === CSRF_FIELD && !part.isFile) {
      found.set(CSRF_FIELD, part.text)
      break
    }
  }
  return found
}
