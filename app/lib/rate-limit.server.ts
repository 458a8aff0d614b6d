import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible'
import { rateLimits } from '#db/schema/index.ts'
import type { AppContext } from './app-context.server.ts'

export interface Limiter {
  /** Counts one attempt; returns seconds to wait when over the limit, else null. */
  consume(key: string): Promise<number | null>
  /** Seconds to wait if already over the limit, without counting an attempt. */
  blockedFor(key: string): Promise<number | null>
  reset(key: string): Promise<void>
}

const cache = new WeakMap<AppContext, Map<string, Limiter>>()

/** A limiter kept in PostgreSQL so every web instance shares the same counts. */
export function limiter(ctx: AppContext, name: string, points: number, durationSeconds: number): Limiter {
  let byName = cache.get(ctx)
  if (!byName) cache.set(ctx, (byName = new Map()))
  const id = `${name}:${points}:${durationSeconds}`
  let l = byName.get(id)
  if (!l) {
    const rl = new RateLimiterDrizzle({
      storeClient: ctx.db,
      schema: rateLimits,
      keyPrefix: name,
      points,
      duration: durationSeconds,
      clearExpiredByTimeout: false,
    })
    l = {
      async consume(key) {
        try {
          await rl.consume(key)
          return null
        } catch (e) {
          if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000))
          throw e
        }
      },
      async blockedFor(key) {
        const res = await rl.get(key)
        if (res && res.consumedPoints >= points) return Math.max(1, Math.ceil(res.msBeforeNext / 1000))
        return null
      },
      async reset(key) {
        await rl.delete(key)
      },
    }
    byName.set(id, l)
  }
  return l
}
