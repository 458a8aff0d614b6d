import { sql } from 'drizzle-orm'
import { bigint, boolean, customType, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { CHANNELS, SUBMISSION_KINDS } from '#app/domain/intake.ts'
import { users } from './identity.ts'
import { departments, localeEnum, organizations, touchpoints } from './tenancy.ts'

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

export const submissionKindEnum = pgEnum('submission_kind', SUBMISSION_KINDS)
export const channelEnum = pgEnum('channel', CHANNELS)

/** Every channel's feedback in one shape (DESIGN.md §2). Complaints also get a row in `cases`. */
export const submissions = pgTable(
  'submissions',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** HY-YYYYMM-NNNNN, shared with the case; null for quick ratings. */
    number: text(),
    kind: submissionKindEnum().notNull(),
    channel: channelEnum().notNull(),
    text: text().notNull().default(''),
    category: text(),
    rating: smallint(),
    touchpointId: uuid().references(() => touchpoints.id, { onDelete: 'set null' }),
    /** The department it concerns: the touchpoint's, the one chosen, or the one praise is credited to. */
    departmentId: uuid().references(() => departments.id, { onDelete: 'set null' }),
    /** Praise: the staff member named by the patient (free text), optionally matched to a user. */
    praisedStaffName: text(),
    praisedUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    contactName: text(),
    /** E.164. */
    contactPhone: text(),
    contactEmail: text(),
    consentToContact: boolean().notNull().default(false),
    locale: localeEnum().notNull(),
    /** Staff user who entered it (staff channels). */
    enteredByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('submissions_org_number_uq').on(t.organizationId, t.number),
    index('submissions_org_received_idx').on(t.organizationId, t.receivedAt),
    index('submissions_touchpoint_idx').on(t.touchpointId, t.receivedAt).where(sql`${t.touchpointId} is not null`),
    index('submissions_org_phone_idx').on(t.organizationId, t.contactPhone, t.receivedAt).where(sql`${t.contactPhone} is not null`),
  ],
)

/** Per hospital and month, the last case number handed out. */
export const caseNumberCounters = pgTable(
  'case_number_counters',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    yearMonth: text().notNull(),
    lastSequence: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.yearMonth] })],
)

/** Private tracking links (/t/:token), stored hashed; a submission may get several (e.g. one per SMS reply). */
export const trackingLinks = pgTable(
  'tracking_links',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tracking_links_submission_idx').on(t.submissionId)],
)

/** What happened to a submission, in order; `visibleToPatient` rows make the tracking page's timeline. */
export const timelineEvents = pgTable(
  'timeline_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Insertion order: events of one action share a timestamp and must still read in order. */
    seq: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    /** Set when the event belongs to the submission's case. */
    caseId: uuid(),
    /** received | patient_added_info | sms_received | answer_sent | … (issue 4 adds the case workflow's). */
    type: text().notNull(),
    visibleToPatient: boolean().notNull().default(false),
    actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Patient's added text, or the answer given; shown on the tracking page when visible. */
    body: text(),
    /** Event details (e.g. a handover's from/to/reason). */
    data: jsonb(),
    channel: channelEnum(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('timeline_events_submission_idx').on(t.submissionId, t.createdAt, t.seq), index('timeline_events_case_idx').on(t.caseId, t.createdAt, t.seq)],
)

/** Photos and PDFs sent with a submission or added later on the tracking page (kept in PostgreSQL, ≤ 5 MB each). */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    submissionId: uuid()
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    timelineEventId: uuid().references(() => timelineEvents.id, { onDelete: 'cascade' }),
    fileName: text().notNull(),
    /** Detected from the bytes, never taken from the browser. */
    contentType: text().notNull(),
    byteSize: integer().notNull(),
    content: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_submission_idx').on(t.submissionId)],
)

/** Inbound SMS by Twilio MessageSid: the idempotency record and what was done with each message. */
export const inboundSms = pgTable(
  'inbound_sms',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    messageSid: text().notNull().unique(),
    fromPhone: text().notNull(),
    toPhone: text().notNull(),
    body: text().notNull(),
    /** opt_out | opt_in | attached | new_submission | rate_limited | ignored */
    outcome: text().notNull(),
    submissionId: uuid().references(() => submissions.id, { onDelete: 'set null' }),
    /** The TwiML reply text, so a replayed MessageSid gets the same answer. */
    reply: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('inbound_sms_org_from_idx').on(t.organizationId, t.fromPhone)],
)

/** Numbers that replied TD/退订/STOP: no SMS is sent to them until they send START. */
export const smsOptOuts = pgTable(
  'sms_opt_outs',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    phone: text().notNull(),
    optedOutAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.phone] })],
)
