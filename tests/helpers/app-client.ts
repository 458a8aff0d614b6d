import path from 'node:path'
import { createRequestHandler, RouterContextProvider, type ServerBuild } from 'react-router'
import { appContextKey, type AppContext } from '#app/lib/app-context.server.ts'
import { clientIpKey } from '#app/lib/request-context.server.ts'

let buildPromise: Promise<ServerBuild> | undefined
function loadBuild() {
  buildPromise ??= import(path.resolve(import.meta.dirname, '../../build/server/index.js')) as Promise<ServerBuild>
  return buildPromise
}

export interface TestResponse {
  status: number
  headers: Headers
  text: string
  /** The raw body, for files (PNG, PDF) that are not UTF-8 text. */
  bytes: Uint8Array
  location: string | null
}

/**
 * Drives the production build's request handler like a browser without JavaScript: keeps
 * cookies, follows nothing automatically, and fills the CSRF field from the last page.
 */
export class AppClient {
  private cookies = new Map<string, string>()
  csrfToken: string | undefined
  constructor(
    private ctx: AppContext,
    private options: { ip?: string; acceptLanguage?: string } = {},
  ) {}

  private async handle(request: Request): Promise<TestResponse> {
    const handler = createRequestHandler(await loadBuild(), 'production')
    const context = new RouterContextProvider()
    context.set(appContextKey, this.ctx)
    context.set(clientIpKey, this.options.ip ?? '203.0.113.10')
    const response = await handler(request, context)
    for (const c of response.headers.getSetCookie()) {
      const [pair = ''] = c.split(';')
      const i = pair.indexOf('=')
      const name = pair.slice(0, i)
      const value = pair.slice(i + 1)
      if (/max-age=0/i.test(c) || /expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const bytes = new Uint8Array(await response.arrayBuffer())
    const text = new TextDecoder().decode(bytes)
    const m = text.match(/name="csrf" value="([^"]*)"/)
    if (m) this.csrfToken = decodeHtml(m[1]!)
    return { status: response.status, headers: response.headers, text, bytes, location: response.headers.get('location') }
  }

  private headers(extra: Record<string, string> = {}) {
    const h = new Headers(extra)
    if (this.cookies.size) h.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    h.set('accept-language', this.options.acceptLanguage ?? 'zh-CN,zh;q=0.9')
    return h
  }

  get(pathname: string) {
    return this.handle(new Request(`http://localhost${pathname}`, { headers: this.headers() }))
  }

  /** Posts a form; the CSRF token is added unless `csrf: false` (or a value) is given. */
  async post(pathname: string, form: Record<string, string | string[]>, opts: { csrf?: boolean | string } = {}) {
    if (opts.csrf !== false && this.csrfToken === undefined) await this.get('/login')
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one)
    if (opts.csrf !== false) body.set('csrf', typeof opts.csrf === 'string' ? opts.csrf : (this.csrfToken ?? ''))
    return this.handle(
      new Request(`http://localhost${pathname}`, {
        method: 'POST',
        body,
        headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      }),
    )
  }

  async signIn(email: string, password: string) {
    await this.get('/login')
    const res = await this.post('/login', { email, password })
    if (res.status !== 302) throw new Error(`sign-in failed for ${email}: ${res.status}`)
    return res
  }

  /** Posts multipart form data (files included), adding the CSRF field unless `csrf: false`. */
  async postMultipart(pathname: string, form: FormData, opts: { csrf?: boolean | string } = {}) {
    if (opts.csrf !== false && this.csrfToken === undefined) await this.get('/login')
    if (opts.csrf !== false) form.set('csrf', typeof opts.csrf === 'string' ? opts.csrf : (this.csrfToken ?? ''))
    return this.handle(new Request(`http://localhost${pathname}`, { method: 'POST', body: form, headers: this.headers() }))
  }

  /** A machine-to-machine POST (webhooks): no cookies' CSRF field, the caller's headers. */
  postRaw(pathname: string, body: string | URLSearchParams, headers: Record<string, string>) {
    return this.handle(new Request(`http://localhost${pathname}`, { method: 'POST', body, headers: this.headers(headers) }))
  }

  hasCookie(name: string) {
    return this.cookies.has(name)
  }
}

function decodeHtml(s: string) {
  return s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'")
}
