import { sql } from 'drizzle-orm'
import { boolean, index, jsonb, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { DEPARTMENT_TYPES } from '#app/domain/departments.ts'
import { DEFAULT_INTAKE_LIMIT_PER_HOUR, DEFAULT_SMS_ATTACH_WINDOW_DAYS } from '#app/domain/intake.ts'
import { LOCALES } from '#app/domain/locales.ts'
import type { SlaSettingsOverrides } from '#app/domain/sla.ts'
import type { BoardSettingsOverrides } from '#app/domain/board-settings.ts'

export const localeEnum = pgEnum('locale', LOCALES)
export const departmentTypeEnum = pgEnum('department_type', DEPARTMENT_TYPES)

export const organizations = pgTable('organizations', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  nameEn: text(),
  timeZone: text().notNull().default('Asia/Shanghai'),
  defaultLocale: localeEnum().notNull().default('zh-CN'),
  /** The hospital's Twilio number (E.164): inbound SMS to it belong to this hospital. */
  smsNumber: text().unique(),
  /** Abuse limit: submissions per hour from one IP address, and from one phone number. */
  intakeLimitPerHour: integer().notNull().default(DEFAULT_INTAKE_LIMIT_PER_HOUR),
  /** An SMS from a number with a case opened this many days ago or less is added to that case. */
  smsAttachWindowDays: integer().notNull().default(DEFAULT_SMS_ATTACH_WINDOW_DAYS),
  /** The hospital's changes to the SLA defaults (sla.ts SlaSettingsOverrides); empty means the defaults. */
  slaSettings: jsonb().$type<SlaSettingsOverrides>().notNull().default({}),
  /** Public board switch, small-count threshold and evaluation weights (board-settings.ts); empty means the defaults. */
  boardSettings: jsonb().$type<BoardSettingsOverrides>().notNull().default({}),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const departments = pgTable(
  'departments',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    parentId: uuid().references((): AnyPgColumn => departments.id, { onDelete: 'set null' }),
    name: text().notNull(),
    nameEn: text(),
    type: departmentTypeEnum().notNull(),
    active: boolean().notNull().default(true),
    sortOrder: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('departments_org_idx').on(t.organizationId),
    uniqueIndex('departments_org_name_uq').on(t.organizationId, t.name),
  ],
)

export const touchpoints = pgTable(
  'touchpoints',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    nameEn: text(),
    /** Short public code printed in the QR URL (/q/:code); unique across hospitals. */
    publicCode: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('touchpoints_org_idx').on(t.organizationId),
    index('touchpoints_department_idx').on(t.departmentId),
    uniqueIndex('touchpoints_public_code_uq').on(sql`lower(${t.publicCode})`),
    uniqueIndex('touchpoints_department_name_uq').on(t.departmentId, t.name),
  ],
)
