import twilio from 'twilio'
import type RequestClient from 'twilio/lib/base/RequestClient'
import { PermanentDeliveryError } from './errors.ts'
import type { SmsTransport } from './types.ts'

export interface TwilioSettings {
  accountSid: string
  authToken: string
  from: string
  /** Another address for Twilio's REST API (TWILIO_API_BASE): a regional proxy, or a local stand-in in tests. */
  apiBase?: string
  statusCallbackUrl?: string
}

/** Ends a hung request well within the workers' shutdown window (the client's default is 30 s). */
const REQUEST_TIMEOUT_MS = 15_000

export function createTwilioTransport(settings: TwilioSettings): SmsTransport {
  const httpClient = settings.apiBase ? new RebasedRequestClient(settings.apiBase, { timeout: REQUEST_TIMEOUT_MS }) : undefined
  const client = twilio(settings.accountSid, settings.authToken, httpClient ? { httpClient } : { timeout: REQUEST_TIMEOUT_MS })
  return {
    kind: 'twilio',
    async send(message) {
      try {
        const sent = await client.messages.create({
          to: message.to,
          from: settings.from,
          body: message.body,
          ...(settings.statusCallbackUrl ? { statusCallback: settings.statusCallbackUrl } : {}),
        })
        return { transport: 'twilio', providerMessageId: sent.sid }
      } catch (error) {
        throw isPermanentRejection(error) ? new PermanentDeliveryError(describeTwilioError(error), { cause: error }) : error
      }
    },
    async close() {},
  }
}

/**
 * twilio 6 has no base-URL option; its HTTP client is the documented seam. This one is the
 * stock client with every request's origin moved to `apiBase`.
 */
class RebasedRequestClient extends twilio.RequestClient {
  private readonly base: URL
  constructor(apiBase: string, options: RequestClient.RequestClientOptions) {
    super(options)
    this.base = new URL(apiBase)
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri)
    const rebased = new URL(this.base)
    rebased.pathname = `${this.base.pathname.replace(/\/$/, '')}${original.pathname}`
    rebased.search = original.search
    return super.request<TData>({ ...opts, uri: rebased.href })
  }
}

/**
 * 400 (invalid or unreachable number, opted-out recipient) and 404 will not change on retry;
 * 401/403 are our credentials, 429 and 5xx are Twilio being busy — all worth retrying.
 */
function isPermanentRejection(error: unknown): boolean {
  return error instanceof twilio.RestException && (error.status === 400 || error.status === 404)
}

function describeTwilioError(error: unknown) {
  if (error instanceof twilio.RestException) return `Twilio ${error.status}${error.code ? ` (${error.code})` : ''}: ${error.message}`
  return error instanceof Error ? error.message : String(error)
}
