import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** Counters for rate-limiter-flexible's Drizzle store (sign-in throttling, intake limits). UNLOGGED (migration 0003): a crash may reset them. */
export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  points: integer().notNull(),
  expire: timestamp({ withTimezone: true }),
})
