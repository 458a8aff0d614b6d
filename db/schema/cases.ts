import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { CASE_STATUSES } from '#app/domain/case-status.ts'
import { users } from './identity.ts'
import { submissions } from './intake.ts'
import { departments, organizations } from './tenancy.ts'

export const caseStatusEnum = pgEnum('case_status', CASE_STATUSES)

/**
 * A complaint being handled (DESIGN.md §3). The first responsible person is a department (QR,
 * web, SMS) or a staff user (staff-entered); the accountable owner starts as the same.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    submissionId: uuid()
      .notNull()
      .unique()
      .references(() => submissions.id, { onDelete: 'restrict' }),
    number: text().notNull(),
    status: caseStatusEnum().notNull().default('received'),
    category: text(),
    firstResponsibleDepartmentId: uuid().references(() => departments.id, { onDelete: 'set null' }),
    firstResponsibleUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    ownerDepartmentId: uuid().references(() => departments.id, { onDelete: 'set null' }),
    ownerUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    answerDueAt: timestamp({ withTimezone: true }).notNull(),
    /** The hospital's answer as shown to the patient (issue 4 writes it). */
    answer: text(),
    answeredAt: timestamp({ withTimezone: true }),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    closedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_org_number_uq').on(t.organizationId, t.number),
    index('cases_org_status_idx').on(t.organizationId, t.status),
    index('cases_org_opened_idx').on(t.organizationId, t.openedAt),
  ],
)
