import { boolean, date, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './identity.ts'
import { organizations } from './tenancy.ts'

/**
 * A hospital's changes to the official working calendar (DESIGN.md §3): a holiday or make-up
 * working day the built-in calendar lacks (a new year's State Council notice), or a local
 * closure. One row per local date ('YYYY-MM-DD'); it wins over weekends and the built-in calendar.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    date: date({ mode: 'string' }).notNull(),
    working: boolean().notNull(),
    /** Why, in the admin's words (e.g. 国庆节调休). */
    note: text(),
    updatedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.date] })],
)
