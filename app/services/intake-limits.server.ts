import type { AppContext } from '#app/lib/app-context.server.ts'
import { limiter } from '#app/lib/rate-limit.server.ts'

const HOUR_S = 3600

/**
 * Counts one new submission against the hospital's hourly limit (DESIGN.md §2, spam and
 * abuse) for the sender's IP address and/or phone number, each in its own bucket. Returns
 * the seconds to wait when either bucket is over the limit, else null. Every channel
 * (web form, QR form, SMS) uses these bucket names so a phone is limited across channels.
 */
export async function consumeIntakeLimit(
  ctx: AppContext,
  { organizationId, limitPerHour, ip, phone }: { organizationId: string; limitPerHour: number; ip?: string | undefined; phone?: string | undefined },
): Promise<number | null> {
  const waits: number[] = []
  if (ip) {
    const wait = await limiter(ctx, 'intake-ip', limitPerHour, HOUR_S).consume(`${organizationId}:${ip}`)
    if (wait !== null) waits.push(wait)
  }
  if (phone) {
    const wait = await limiter(ctx, 'intake-phone', limitPerHour, HOUR_S).consume(`${organizationId}:${phone}`)
    if (wait !== null) waits.push(wait)
  }
  return waits.length ? Math.max(...waits) : null
}
