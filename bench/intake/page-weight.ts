import { request } from 'node:http'

/** What a browser asks for on a first visit (no cookies, no cache). */
const BROWSER_HEADERS = {
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'zh-CN,zh;q=0.9',
  'user-agent': 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
}

interface Fetched {
  status: number
  /** Status line + headers + body as sent (compressed) — what crosses the wire. */
  wireBytes: number
  bodyBytes: number
  encoding: string
  body: Buffer
}

/** GET without decompressing, counting the bytes as transferred. */
function fetchRaw(url: string, accept: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { ...BROWSER_HEADERS, accept } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const body = Buffer.concat(chunks)
        let headerBytes = `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n`.length + 2
        for (let i = 0; i < res.rawHeaders.length; i += 2) headerBytes += Buffer.byteLength(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`)
        resolve({ status: res.statusCode ?? 0, wireBytes: headerBytes + body.length, bodyBytes: body.length, encoding: String(res.headers['content-encoding'] ?? 'identity'), body })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

async function decoded(f: Fetched) {
  const { brotliDecompressSync, gunzipSync, inflateSync } = await import('node:zlib')
  if (f.encoding === 'br') return brotliDecompressSync(f.body).toString('utf8')
  if (f.encoding === 'gzip') return gunzipSync(f.body).toString('utf8')
  if (f.encoding === 'deflate') return inflateSync(f.body).toString('utf8')
  return f.body.toString('utf8')
}

function attributes(tag: string) {
  return Object.fromEntries([...tag.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!.replace(/&amp;/g, '&')]))
}

/** Stylesheets, and every script a JavaScript browser loads: modulepreloads, script src and imports in inline modules. */
export function referencedAssets(html: string) {
  const css = new Set<string>()
  const js = new Set<string>()
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const a = attributes(tag)
    if (!a.href) continue
    if (a.rel === 'stylesheet') css.add(a.href)
    if (a.rel === 'modulepreload') js.add(a.href)
  }
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const a = attributes(`<script ${m[1]}>`)
    if (a.src) js.add(a.src)
    if (a.type === 'module') for (const i of m[2]!.matchAll(/import\s*(?:\(\s*)?(?:[^'"()]*?from\s*)?["']([^"']+)["']/g)) js.add(i[1]!)
  }
  return { css: [...css], js: [...js] }
}

export interface PageWeight {
  html: Fetched
  css: { url: string; wireBytes: number; encoding: string }[]
  js: { url: string; wireBytes: number; encoding: string }[]
  withoutJs: number
  withJs: number
}

/** The first load of a page: HTML + stylesheets without JavaScript; plus every script with it. */
export async function measurePageWeight(pageUrl: string): Promise<PageWeight> {
  const html = await fetchRaw(pageUrl, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')
  if (html.status !== 200) throw new Error(`GET ${pageUrl} answered ${html.status}`)
  const assets = referencedAssets(await decoded(html))
  const get = async (href: string, accept: string) => {
    const url = new URL(href, pageUrl).toString()
    const f = await fetchRaw(url, accept)
    if (f.status !== 200) throw new Error(`GET ${url} answered ${f.status}`)
    return { url, wireBytes: f.wireBytes, encoding: f.encoding }
  }
  const css = await Promise.all(assets.css.map((h) => get(h, 'text/css,*/*;q=0.1')))
  const js = await Promise.all(assets.js.map((h) => get(h, '*/*')))
  const withoutJs = html.wireBytes + css.reduce((n, a) => n + a.wireBytes, 0)
  return { html, css, js, withoutJs, withJs: withoutJs + js.reduce((n, a) => n + a.wireBytes, 0) }
}

/** The CSRF cookie and token a first GET of the form hands out, as a browser would keep them. */
export async function formSession(pageUrl: string) {
  const res = await fetch(pageUrl, { headers: BROWSER_HEADERS })
  const html = await res.text()
  if (res.status !== 200) throw new Error(`GET ${pageUrl} answered ${res.status}`)
  const token = html.match(/name="csrf" value="([^"]*)"/)?.[1]?.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  if (!token) throw new Error(`GET ${pageUrl} has no form with a CSRF field (is the QR form built yet?)`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ')
  return { token, cookie }
}
