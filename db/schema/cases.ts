import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { CASE_STATUSES } from '#app/domain/case-status.ts'
import { ANSWER_CHANNELS } from '#app/domain/case-answer.ts'
import { CLOCK_KINDS, MILESTONES } from '#app/domain/sla.ts'
import { users } from './identity.ts'
import { submissions } from './intake.ts'
import { departments, organizations } from './tenancy.ts'

export const caseStatusEnum = pgEnum('case_status', CASE_STATUSES)
export const caseResolutionEnum = pgEnum('case_resolution', ['on_the_spot', 'handled'])
export const clockKindEnum = pgEnum('clock_kind', CLOCK_KINDS)
export const milestoneEnum = pgEnum('sla_milestone', MILESTONES)
export const answerChannelEnum = pgEnum('answer_channel', ANSWER_CHANNELS)

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
    /** How the answer reached the patient: sent by SMS or email, or given in a phone call and logged. */
    answerVia: answerChannelEnum(),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    closedAt: timestamp({ withTimezone: true }),
    /** Urgent cases get a shorter first-contact clock. */
    urgent: boolean().notNull().default(false),
    /** The state `resume` returns to; set exactly while the case is on hold. */
    heldFrom: caseStatusEnum(),
    /** 不予受理: the reason told to the patient. */
    declineReason: text(),
    /** How the case closed; the closing fields below are cleared when it is reopened. */
    resolution: caseResolutionEnum(),
    /** 当场协调解决: what the first responsible person did. */
    resolutionNote: text(),
    finding: text(),
    /** 有效投诉. */
    valid: boolean(),
    attributedDepartmentId: uuid().references(() => departments.id, { onDelete: 'set null' }),
    attributedUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    remedy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_org_number_uq').on(t.organizationId, t.number),
    index('cases_org_status_idx').on(t.organizationId, t.status),
    index('cases_org_opened_idx').on(t.organizationId, t.openedAt),
  ],
)

/** One SLA clock of a case (sla-clock.ts SlaClock); `dueAt` is materialised for queries and null while paused. */
export const caseClocks = pgTable(
  'case_clocks',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    caseId: uuid()
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    kind: clockKindEnum().notNull(),
    /** The involved department, for a findings clock. */
    departmentId: uuid().references(() => departments.id, { onDelete: 'cascade' }),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    /** Working minutes the clock allows. */
    durationMinutes: integer().notNull(),
    /** Working minutes spent on hold in finished pauses. */
    pausedMinutes: integer().notNull().default(0),
    pausedAt: timestamp({ withTimezone: true }),
    stoppedAt: timestamp({ withTimezone: true }),
    dueAt: timestamp({ withTimezone: true }),
    /** The other milestones, materialised like dueAt (null while paused). */
    warnAt: timestamp({ withTimezone: true }),
    overdueAt: timestamp({ withTimezone: true }),
    /** The last milestone notified in this round of the clock (null: none yet). */
    escalatedThrough: milestoneEnum(),
    /** The next milestone still to notify; null when stopped, paused or all notified. The sweep reads this. */
    nextEscalationAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('case_clocks_case_kind_department_uq').on(t.caseId, t.kind, t.departmentId).nullsNotDistinct(),
    index('case_clocks_org_due_idx').on(t.organizationId, t.dueAt),
    index('case_clocks_next_escalation_idx').on(t.nextEscalationAt).where(sql`${t.nextEscalationAt} is not null`),
  ],
)

/** A department involved in a case by patient service, and its findings. */
export const caseDepartments = pgTable(
  'case_departments',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    caseId: uuid()
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: 'cascade' }),
    involvedAt: timestamp({ withTimezone: true }).notNull(),
    findings: text(),
    findingsRecordedAt: timestamp({ withTimezone: true }),
    findingsByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('case_departments_case_department_uq').on(t.caseId, t.departmentId), index('case_departments_org_department_idx').on(t.organizationId, t.departmentId)],
)

/** In-app notifications, one per user: SLA warnings and escalations (the same ones go by email). */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    caseId: uuid()
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    /** Which milestone of which clock: warn (75%), due (100%), overdue (one more working day). */
    milestone: milestoneEnum().notNull(),
    clockKind: clockKindEnum().notNull(),
    /** The involved department, for a findings clock. */
    departmentId: uuid().references(() => departments.id, { onDelete: 'set null' }),
    /** The clock's due moment when the notification was made. */
    dueAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.organizationId, t.userId, t.createdAt)],
)
