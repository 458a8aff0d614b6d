import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { CAMPAIGN_TRIGGERS, CHANNEL_PREFERENCES } from '#app/domain/survey-campaign-settings.ts'
import { CAMPAIGN_STATUSES, INVITATION_STATUSES, PATIENT_EVENT_TYPES } from '#app/domain/survey-invitation.ts'
import type { SurveyContent } from '#app/domain/survey-template.ts'
import { cases } from './cases.ts'
import { users } from './identity.ts'
import { messageChannelEnum } from './messaging.ts'
import { departments, localeEnum, organizations, touchpoints } from './tenancy.ts'

/**
 * Follow-up surveys (DESIGN.md §4). The survey outbox lives here: every invitation is a row
 * with its status and history, and the queue only carries work, so losing Redis loses no
 * invitation.
 */
export const campaignTriggerEnum = pgEnum('campaign_trigger', CAMPAIGN_TRIGGERS)
export const channelPreferenceEnum = pgEnum('channel_preference', CHANNEL_PREFERENCES)
export const campaignStatusEnum = pgEnum('campaign_status', CAMPAIGN_STATUSES)
export const invitationStatusEnum = pgEnum('invitation_status', INVITATION_STATUSES)
export const patientEventTypeEnum = pgEnum('patient_event_type', PATIENT_EVENT_TYPES)

const tenant = () =>
  uuid()
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' })
const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow()

/** A hospital's survey; its questions live in versions. `key` names a shipped template. */
export const surveyTemplates = pgTable(
  'survey_templates',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: tenant(),
    key: text(),
    name: text().notNull(),
    nameEn: text(),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex('survey_templates_org_key_uq').on(t.organizationId, t.key).where(sql`${t.key} is not null`)],
)

/** A template's questions as of one version: a version in use is never edited, a new one is made. */
export const surveyTemplateVersions = pgTable(
  'survey_template_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: tenant(),
    templateId: uuid()
      .notNull()
      .references(() => surveyTemplates.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    content: jsonb().$type<SurveyContent>().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [unique('survey_template_versions_template_version_uq').on(t.templateId, t.version)],
)

/** Keys for the hospital's own systems to send patient events (only a hash is kept). */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: tenant(),
    name: text().notNull(),
    /** The first characters, shown so people can tell keys apart. */
    keyPrefix: text().notNull(),
    keyHash: text().notNull().unique(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('api_keys_org_idx').on(t.organizationId)],
)

/** One CSV upload of patient events: the mapping used, and every row's problem when it failed. */
export const patientEventImports = pgTable('patient_event_imports', {
  id: uuid().primaryKey().defaultRandom(),
  organizationId: tenant(),
  fileName: text().notNull(),
  /** previewed | imported | failed */
  status: text().notNull(),
  totalRows: integer().notNull().default(0),
  importedRows: integer().notNull().default(0),
  mapping: jsonb(),
  errors: jsonb(),
  createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  completedAt: timestamp({ withTimezone: true }),
})

/** A discharge or an outpatient visit, from a CSV import or the API; idempotent by the hospital's own event id. */
export const patientEvents = pgTable(
  'patient_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: tenant(),
    type: patientEventTypeEnum().notNull(),
    externalId: text(),
    /** csv | api */
    source: text().notNull(),
    importId: uuid().references(() => patientEventImports.id, { onDelete: 'set null' }),
    patientName: text(),
    /** E.164. */
    phone: text(),
    email: text(),
    departmentId: uuid().references(() => departments.id, { onDelete: 'set null' }),
    touchpointId: uuid().references(() => touchpoints.id, { onDelete: 'set null' }),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    locale: localeEnum().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('patient_events_org_external_uq').on(t.organizationId, t.externalId).where(sql`${t.externalId} is not null`),
    index('patient_events_org_occurred_idx').on(t.organizationId, t.occurredAt),
  ],
)

/** Sends one template version to people on a trigger, at allowed hours, with a reminder, expiry and frequency cap. */
export const surveyCampaigns = pgTable(
  'survey_campaigns',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: tenant(),
    name: text().notNull(),
    templateId: uuid()
      .notNull()
      .references(() => surveyTemplates.id, { onDelete: 'restrict' }),
    templateVersionId: uuid()
      .notNull()
      .references(() => surveyTemplateVersions.id, { onDelete: 'restrict' }),
    trigger: campaignTriggerEnum().notNull(),
    channelPreference: channelPreferenceEnum().notNull(),
    delayMinutes: integer().notNull(),
    allowedFrom: text().notNull(),
    allowedUntil: text().notNull(),
    reminderAfterMinutes: integer(),
    expiryMinutes: integer().notNull(),
    frequencyCapDays: integer().notNull(),
    /** Only events of these departments (sub-departments included); empty means every department. */
    departmentIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    status: campaignStatusEnum().notNull().default('draft'),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    startedAt: timestamp({ withTimezone: true }),
    stoppedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('survey_campaigns_org_idx').on(t.organizationId, t.status)],
)

/** One person invited by one campaign: the survey outbox row, with its unguessable link (hash only). */
export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: tenant(),
    campaignId: uuid()
      .notNull()
      .references(() => surveyCampaigns.id, { onDelete: 'cascade' }),
    templateVersionId: uuid()
      .notNull()
      .references(() => surveyTemplateVersions.id, { onDelete: 'restrict' }),
    patientEventId: uuid().references(() => patientEvents.id, { onDelete: 'set null' }),
    caseId: uuid().references(() => cases.id, { onDelete: 'set null' }),
    /** Normalised phone or email: the same person across events, for the frequency cap. */
    personKey: text(),
    recipientName: text(),
    phone: text(),
    email: text(),
    locale: localeEnum().notNull(),
    departmentId: uuid().references(() => departments.id, { onDelete: 'set null' }),
    /** Chosen when sent (SMS, email, or email after SMS failed). */
    channel: messageChannelEnum(),
    tokenHash: text().notNull().unique(),
    status: invitationStatusEnum().notNull().default('scheduled'),
    sendAt: timestamp({ withTimezone: true }).notNull(),
    reminderAt: timestamp({ withTimezone: true }),
    reminderSentAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    sentAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    openedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    attempts: integer().notNull().default(0),
    lastError: text(),
    providerMessageId: text(),
    /**
     * When a send or reminder job was handed to the queue for this row: the sweep does not hand
     * it over again until this is stale (a lost job), and clears it once the send is recorded.
     */
    queuedAt: timestamp({ withTimezone: true }),
    /**
     * A send job's lease on this row: while it lasts no other job sends it. Longer than any
     * one send can take; a worker that died leaves it to run out.
     */
    sendingUntil: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    unique('survey_invitations_campaign_event_uq').on(t.campaignId, t.patientEventId),
    unique('survey_invitations_campaign_case_uq').on(t.campaignId, t.caseId),
    index('survey_invitations_due_idx').on(t.sendAt).where(sql`${t.status} = 'scheduled'`),
    index('survey_invitations_expiry_idx').on(t.expiresAt).where(sql`${t.status} in ('scheduled', 'sent', 'delivered', 'opened')`),
    index('survey_invitations_reminder_idx').on(t.reminderAt).where(sql`${t.reminderAt} is not null and ${t.reminderSentAt} is null`),
    index('survey_invitations_campaign_idx').on(t.organizationId, t.campaignId, t.status),
    index('survey_invitations_person_idx').on(t.organizationId, t.personKey, t.createdAt),
    index('survey_invitations_provider_idx').on(t.providerMessageId),
  ],
)

/** Every status an invitation went through, when, and why (e.g. the provider's error). */
export const surveyInvitationHistory = pgTable(
  'survey_invitation_history',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: tenant(),
    invitationId: uuid()
      .notNull()
      .references(() => surveyInvitations.id, { onDelete: 'cascade' }),
    status: invitationStatusEnum().notNull(),
    detail: jsonb(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('survey_invitation_history_invitation_idx').on(t.invitationId, t.at)],
)

/** A respondent's answers, saved as they go (partial) and completed once. */
export const surveyResponses = pgTable(
  'survey_responses',
  {
  id: uuid().primaryKey().defaultRandom(),
  organizationId: tenant(),
  invitationId: uuid()
    .notNull()
    .unique()
    .references(() => surveyInvitations.id, { onDelete: 'cascade' }),
  templateVersionId: uuid()
    .notNull()
    .references(() => surveyTemplateVersions.id, { onDelete: 'restrict' }),
  answers: jsonb().notNull(),
  /** The respondent agreed to be contacted about what they wrote (the closed loop may open a case). */
  wantsContact: boolean().notNull().default(false),
  completedAt: timestamp({ withTimezone: true }),
  /** The complaint case the closed loop opened from this response (channel `survey`). */
  caseId: uuid().references(() => cases.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: createdAt(),
  },
  // Rollups recompute a hospital's month of responses (boards, DESIGN.md §5).
  (t) => [index('survey_responses_org_completed_idx').on(t.organizationId, t.completedAt)],
)

/** Email addresses that used an invitation's unsubscribe link: no survey email goes to them again. */
export const emailOptOuts = pgTable(
  'email_opt_outs',
  {
    organizationId: tenant(),
    /** Trimmed and lower-cased. */
    email: text().notNull(),
    optedOutAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.email] })],
)

/**
 * The closed loop (DESIGN.md §4): a completed response with a low score or a free-text
 * complaint raises one alert, seen by its department and by patient service.
 */
export const surveyAlerts = pgTable(
  'survey_alerts',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: tenant(),
    responseId: uuid()
      .notNull()
      .unique()
      .references(() => surveyResponses.id, { onDelete: 'cascade' }),
    invitationId: uuid()
      .notNull()
      .references(() => surveyInvitations.id, { onDelete: 'cascade' }),
    departmentId: uuid().references(() => departments.id, { onDelete: 'set null' }),
    /** What made the response low (question ids, scores, complaint text flags). */
    findings: jsonb().notNull(),
    caseId: uuid().references(() => cases.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('survey_alerts_org_created_idx').on(t.organizationId, t.createdAt), index('survey_alerts_org_department_idx').on(t.organizationId, t.departmentId)],
)
