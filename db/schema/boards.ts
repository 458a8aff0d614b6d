import { sql } from 'drizzle-orm'
import { date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './identity.ts'
import { departments, organizations } from './tenancy.ts'

/**
 * Boards and the monthly evaluation (DESIGN.md §5). Boards read rollups, never raw rows: one
 * row of figures per hospital × department × touchpoint × period (a month, or a day of the
 * current month), recomputed from the raw rows of that key whenever they change.
 */

export const ROLLUP_PERIODS = ['month', 'day'] as const
export const rollupPeriodEnum = pgEnum('rollup_period', ROLLUP_PERIODS)

/** Stands for "no department" / "no touchpoint" in a rollup key (a primary key has no nulls). */
export const NO_KEY = '00000000-0000-0000-0000-000000000000'

const tenant = () =>
  uuid()
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' })

/** Sums and counts per survey dimension (or per template key): the mean is sum / count. */
export type ScoreSums = Record<string, { sum: number; count: number }>

export const boardRollups = pgTable(
  'board_rollups',
  {
    organizationId: tenant(),
    period: rollupPeriodEnum().notNull(),
    /** The local date (hospital time zone) the period starts: the 1st for a month. */
    periodStart: date({ mode: 'string' }).notNull(),
    /** The department the figures belong to, or NO_KEY. */
    departmentKey: uuid().notNull(),
    /** The touchpoint (QR ratings and feedback), or NO_KEY. */
    touchpointKey: uuid().notNull(),
    /** Completed survey responses. */
    responses: integer().notNull().default(0),
    /** Answered rating (1–5) questions: satisfaction 0–100 is ratingSum / ratingCount × 20. */
    ratingSum: integer().notNull().default(0),
    ratingCount: integer().notNull().default(0),
    /** Rating sums per question dimension. */
    dimensions: jsonb().$type<ScoreSums>().notNull().default({}),
    /** Rating sums and response counts per template key (outpatient, inpatient, staff, …). */
    audiences: jsonb().$type<Record<string, { sum: number; count: number; responses: number }>>().notNull().default({}),
    npsPromoters: integer().notNull().default(0),
    npsDetractors: integer().notNull().default(0),
    npsCount: integer().notNull().default(0),
    quickRatings: integer().notNull().default(0),
    quickRatingSum: integer().notNull().default(0),
    complaints: integer().notNull().default(0),
    validComplaints: integer().notNull().default(0),
    praise: integer().notNull().default(0),
    answeredOnTime: integer().notNull().default(0),
    answeredLate: integer().notNull().default(0),
    /** 响应率: first contact made within its clock, of the complaints that had one. */
    firstContactOnTime: integer().notNull().default(0),
    firstContactClocks: integer().notNull().default(0),
    /** 解决率: closed as resolved, of the complaints closed. */
    casesResolved: integer().notNull().default(0),
    casesClosed: integer().notNull().default(0),
    /** 满意率: complainants satisfied with the handling (post-complaint survey), of those who answered. */
    complainantsSatisfied: integer().notNull().default(0),
    complainantsAnswered: integer().notNull().default(0),
    /** Imported outpatient visits and discharges. */
    visits: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.period, t.periodStart, t.departmentKey, t.touchpointKey] }),
    index('board_rollups_org_department_idx').on(t.organizationId, t.departmentKey, t.period, t.periodStart),
  ],
)

/**
 * Keys whose raw rows changed and whose rollup must be recomputed; written in the same
 * transaction as the change, drained by the rollup worker.
 */
export const boardRollupsDirty = pgTable(
  'board_rollups_dirty',
  {
    organizationId: tenant(),
    /** The local month (YYYY-MM-01); its days are recomputed with it. */
    month: date({ mode: 'string' }).notNull(),
    departmentKey: uuid().notNull(),
    touchpointKey: uuid().notNull(),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.month, t.departmentKey, t.touchpointKey] })],
)

export const EVALUATION_STATUSES = ['closed', 'reopened'] as const
export const evaluationStatusEnum = pgEnum('evaluation_status', EVALUATION_STATUSES)

/**
 * A month's evaluation frozen at month close: every department's figures, composite score,
 * rank, veto and service stars, with the weights used. Later changes to raw rows or rollups do
 * not alter it; re-opening (an audited admin action) allows a new freeze.
 */
export const evaluationSnapshots = pgTable(
  'evaluation_snapshots',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: tenant(),
    /** YYYY-MM-01. */
    month: date({ mode: 'string' }).notNull(),
    status: evaluationStatusEnum().notNull().default('closed'),
    /** The weights used, e.g. { satisfaction: 0.6, complaintRate: 0.2, onTime: 0.2 }. */
    weights: jsonb().notNull(),
    /** Per department: figures, composite, rank, veto reason, service stars (the frozen page). */
    content: jsonb().notNull(),
    frozenAt: timestamp({ withTimezone: true }).notNull(),
    frozenByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    reopenedAt: timestamp({ withTimezone: true }),
    reopenedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    reopenReason: text(),
  },
  (t) => [
    index('evaluation_snapshots_org_month_idx').on(t.organizationId, t.month, t.frozenAt),
    // One standing snapshot per month; re-opened ones stay as history.
    uniqueIndex('evaluation_snapshots_org_month_closed_uq').on(t.organizationId, t.month).where(sql`${t.status} = 'closed'`),
  ],
)

/** Leadership's comment on a department's month. */
export const evaluationComments = pgTable(
  'evaluation_comments',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: tenant(),
    month: date({ mode: 'string' }).notNull(),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: 'cascade' }),
    authorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    text: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('evaluation_comments_org_month_idx').on(t.organizationId, t.month, t.departmentId)],
)
