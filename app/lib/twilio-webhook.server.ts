import twilio from 'twilio'
import type { AppContext } from './app-context.server.ts'

const warnedUnconfigured = new WeakSet<AppContext>()

/**
 * Reads a Twilio webhook's form body and checks `X-Twilio-Signature` against the URL Twilio
 * was given: our configured PUBLIC_URL plus the path, never `request.url` (behind a TLS proxy
 * that says http:// and the internal host). Throws 403 when the signature is missing or wrong,
 * 404 when Twilio is not configured; returns the parameters (first value of each) otherwise.
 */
export async function verifiedTwilioParams(ctx: AppContext, request: Request): Promise<Record<string, string>> {
  if (ctx.config.sms.kind !== 'twilio') {
    if (!warnedUnconfigured.has(ctx)) {
      warnedUnconfigured.add(ctx)
      ctx.logger.warn('twilio webhook called but Twilio is not configured', { path: new URL(request.url).pathname })
    }
    throw new Response('Not Found', { status: 404 })
  }
  const url = new URL(request.url)
  const form = new URLSearchParams(await request.text())
  const all: Record<string, string | string[]> = {}
  const first: Record<string, string> = {}
  for (const [key, value] of form) {
    const seen = all[key]
    all[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value]
    first[key] ??= value
  }
  const signature = request.headers.get('x-twilio-signature')
  const signedUrl = `${ctx.config.publicUrl}${url.pathname}${url.search}`
  if (!signature || !twilio.validateRequest(ctx.config.sms.authToken, signature, signedUrl, all)) {
    ctx.logger.warn('twilio webhook signature rejected', { path: url.pathname, signed: Boolean(signature) })
    throw new Response('Forbidden', { status: 403 })
  }
  return first
}
