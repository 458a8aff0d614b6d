import type { Route } from './+types/patient-events'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { authenticateApiKey } from '#app/services/api-keys.server.ts'
import { receiveApiPatientEvents } from '#app/services/patient-events.server.ts'

/** 500 events of a few hundred bytes each fit easily; anything bigger is refused unread. */
const BODY_MAX_BYTES = 1024 * 1024

const json = (body: unknown, status: number, headers: Record<string, string> = {}) => Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } })

export async function loader() {
  return json({ error: 'Method Not Allowed' }, 405, { allow: 'POST' })
}

/** POST /api/v1/patient-events with `Authorization: Bearer hy_…`: one event or { events: [...] }. */
export async function action({ request, context }: Route.ActionArgs) {
  if (request.method !== 'POST') return json({ error: 'Method Not Allowed' }, 405, { allow: 'POST' })
  const ctx = getAppContext(context)
  const key = await authenticateApiKey(ctx, request.headers.get('authorization'))
  if (!key) return json({ error: 'Invalid or missing API key.' }, 401, { 'www-authenticate': 'Bearer' })
  if (Number(request.headers.get('content-length') ?? 0) > BODY_MAX_BYTES) return json({ error: 'Request body too large.' }, 413)
  const text = await readLimited(request, BODY_MAX_BYTES)
  if (text === null) return json({ error: 'Request body too large.' }, 413)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return json({ error: 'The body must be JSON.', errors: [] }, 400)
  }
  const result = await receiveApiPatientEvents(ctx, key.organizationId, body)
  return json(result.body, result.status)
}

/** The body as text, or null once it passes `max` bytes (a sender may omit content-length). */
async function readLimited(request: Request, max: number): Promise<string | null> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}
