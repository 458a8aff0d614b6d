import { and, asc, eq, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { boardRollups, NO_KEY } from '../schema/boards.ts'

/**
 * Board rollups (DESIGN.md §5): one row of figures per hospital × department × touchpoint ×
 * local month, and per local day of every month, recomputed from the raw rows of that key.
 * Local dates are in the hospital's time zone: `(ts at time zone tz)::date`.
 *
 * Attribution of raw rows (the key is department × touchpoint × period; none is NO_KEY):
 * - Survey responses (completed only), by completedAt: department = the invitation's
 *   department, touchpoint = its patient event's touchpoint. Each answer's question (type and
 *   dimension) comes from the response's template version; an answer counts when its type
 *   matches the question's and its value is in range. rating (1–5) → ratingSum/ratingCount,
 *   its dimension's sums and its template's audience sums; nps (0–10) → npsCount, promoters
 *   (≥ 9), detractors (≤ 6); responses += 1 (also per audience). The audience is the template
 *   key (null key: 'custom'). A complaint_followup response: complainantsAnswered += 1, and
 *   complainantsSatisfied += 1 when its mean rating is ≥ 4 (no rating answered: not satisfied).
 * - Submissions, by receivedAt, department and touchpoint as recorded: kind 'rating' (the QR
 *   one-tap, 1–5) → quickRatings/quickRatingSum; kind 'praise' → praise.
 * - Cases (every case is a complaint), by openedAt: department = attributedDepartmentId ??
 *   the submission's department ?? firstResponsibleDepartmentId, touchpoint = the submission's.
 *   complaints += 1; validComplaints when valid; answeredOnTime / answeredLate when answered
 *   (answeredAt ≤ / > answerDueAt); casesClosed when status closed; casesResolved when closed
 *   with a resolution (every close records one — on the spot or handled — so a closed case
 *   without one is an old or hand-edited row); firstContactClocks when the case's first-contact
 *   clock has stopped (accept, decline or settled on the spot: contact made), firstContactOnTime
 *   when it stopped by its due moment (sla-clock.ts: met = stoppedAt ≤ dueAt). A running clock
 *   is not judged yet, so the rollup does not depend on the time it is computed at.
 * - Patient events (visits and discharges), by occurredAt → visits.
 * Day rows are kept for every month (not only the current one), so a rebuild and the
 * incremental path always agree row for row.
 */

export type RollupRow = typeof boardRollups.$inferSelect
type Tenant = { organizationId: string }

export interface RollupKey {
  organizationId: string
  /** YYYY-MM-01, local. */
  month: string
  departmentKey: string
  touchpointKey: string
}

const rows = <T>(result: unknown) => result as unknown as T[]
const noKey = sql.raw(`'${NO_KEY}'::uuid`)

/** The rollup's count columns, in table order: [column, sql type]. */
const COUNTS = [
  'responses',
  'rating_sum',
  'rating_count',
  'nps_promoters',
  'nps_detractors',
  'nps_count',
  'quick_ratings',
  'quick_rating_sum',
  'complaints',
  'valid_complaints',
  'praise',
  'answered_on_time',
  'answered_late',
  'first_contact_on_time',
  'first_contact_clocks',
  'cases_resolved',
  'cases_closed',
  'complainants_satisfied',
  'complainants_answered',
  'visits',
] as const
type Count = (typeof COUNTS)[number]

/** One source's contribution: the key columns, then every count (0 when the source has none of it). */
function facts(dk: SQL, tk: SQL, at: SQL, tz: string, values: Partial<Record<Count, SQL>>): SQL {
  const day = sql`(${at} at time zone ${tz})::date`
  const counts = COUNTS.map((c) => sql`(${values[c] ?? sql`0`})::int as ${sql.raw(c)}`)
  return sql`select ${dk} as dk, ${tk} as tk, ${day} as day, date_trunc('month', ${day}::timestamp)::date as month, ${sql.join(counts, sql`, `)}`
}

/** One key's month: its month row and day rows are recomputed together. */
export type MonthKey = Omit<RollupKey, 'organizationId'>

/** Which raw rows to read: the whole hospital, or some keys' months. */
interface Scope {
  organizationId: string
  timeZone: string
  keys?: readonly MonthKey[]
}

/** The scope's keys as a VALUES list (month, department key, touchpoint key). */
function keyValues(keys: readonly MonthKey[]): SQL {
  return sql.join(
    keys.map((k) => sql`(${k.month}::date, ${k.departmentKey}::uuid, ${k.touchpointKey}::uuid)`),
    sql`, `,
  )
}

/**
 * Restricts a source to the scope: its instant inside the months' span (an index range) and
 * its (local month, key) one of the scope's.
 */
function within(scope: Scope, at: SQL, dk: SQL, tk: SQL): SQL {
  if (!scope.keys) return sql`true`
  const months = scope.keys.map((k) => k.month).sort()
  const from = sql`(${months[0]}::date)::timestamp at time zone ${scope.timeZone}`
  const to = sql`(${months[months.length - 1]}::date + interval '1 month')::timestamp at time zone ${scope.timeZone}`
  return sql`${at} >= ${from} and ${at} < ${to}
    and (date_trunc('month', ${at} at time zone ${scope.timeZone})::date, ${dk}, ${tk}) in (select month, dk, tk from scope_keys)`
}

/** INSERT … SELECT of every rollup row (month and day) of the scope, computed from the raw rows. */
function insertRollups(scope: Scope): SQL {
  const { organizationId: org, timeZone: tz } = scope
  const rDk = sql`coalesce(i.department_id, ${noKey})`
  const rTk = sql`coalesce(e.touchpoint_id, ${noKey})`
  const sDk = sql`coalesce(s.department_id, ${noKey})`
  const sTk = sql`coalesce(s.touchpoint_id, ${noKey})`
  const cDk = sql`coalesce(c.attributed_department_id, s.department_id, c.first_responsible_department_id, ${noKey})`
  const pDk = sql`coalesce(p.department_id, ${noKey})`
  const pTk = sql`coalesce(p.touchpoint_id, ${noKey})`
  const periodCols = sql.raw(`case when grouping(day) = 1 then 'month' else 'day' end as period, coalesce(day, month) as period_start`)

  const scopeKeys = scope.keys ? sql`select * from (values ${keyValues(scope.keys)}) v(month, dk, tk)` : sql`select null::date as month, null::uuid as dk, null::uuid as tk where false`
  return sql`
    with scope_keys as (${scopeKeys}),
    resp as (
      select r.id, ${rDk} as dk, ${rTk} as tk, r.completed_at as at, coalesce(t.key, 'custom') as audience,
        case when jsonb_typeof(r.answers) = 'object' then r.answers else '{}'::jsonb end as answers, r.template_version_id as version_id
      from survey_responses r
      join survey_invitations i on i.id = r.invitation_id
      left join patient_events e on e.id = i.patient_event_id
      join survey_template_versions v on v.id = r.template_version_id
      join survey_templates t on t.id = v.template_id
      where r.organization_id = ${org} and r.completed_at is not null and ${within(scope, sql`r.completed_at`, rDk, rTk)}
    ),
    question as materialized (
      -- The hospital's questions once (not once per response): version and id → type and dimension.
      select distinct on (v.id, x->>'id') v.id as version_id, x->>'id' as id, x->>'type' as type, x->>'dimension' as dimension
      from survey_template_versions v cross join lateral jsonb_array_elements(v.content->'questions') x
      where v.organization_id = ${org}
      order by v.id, x->>'id'
    ),
    answer as (
      select resp.id, a.value->>'type' as type, q.dimension,
        case when jsonb_typeof(a.value->'value') = 'number' then (a.value->>'value')::numeric end as value
      from resp
      cross join lateral jsonb_each(resp.answers) a
      join question q on q.version_id = resp.version_id and q.id = a.key
      where jsonb_typeof(a.value) = 'object' and q.type = a.value->>'type'
    ),
    scored as (
      select id, type, dimension, value::int as value from answer
      where value = trunc(value) and ((type = 'rating' and value between 1 and 5) or (type = 'nps' and value between 0 and 10))
    ),
    resp_fig as (
      select resp.id, resp.dk, resp.tk, resp.at, resp.audience,
        coalesce(sum(s.value) filter (where s.type = 'rating'), 0) as rating_sum,
        count(*) filter (where s.type = 'rating') as rating_count,
        count(*) filter (where s.type = 'nps') as nps_count,
        count(*) filter (where s.type = 'nps' and s.value >= 9) as nps_promoters,
        count(*) filter (where s.type = 'nps' and s.value <= 6) as nps_detractors
      from resp left join scored s on s.id = resp.id
      group by resp.id, resp.dk, resp.tk, resp.at, resp.audience
    ),
    fact as (
      ${facts(sql`f.dk`, sql`f.tk`, sql`f.at`, tz, {
        responses: sql`1`,
        rating_sum: sql`f.rating_sum`,
        rating_count: sql`f.rating_count`,
        nps_count: sql`f.nps_count`,
        nps_promoters: sql`f.nps_promoters`,
        nps_detractors: sql`f.nps_detractors`,
        complainants_answered: sql`(f.audience = 'complaint_followup')::int`,
        complainants_satisfied: sql`(f.audience = 'complaint_followup' and f.rating_count > 0 and f.rating_sum >= 4 * f.rating_count)::int`,
      })}
      from resp_fig f
      union all
      ${facts(sDk, sTk, sql`s.received_at`, tz, {
        quick_ratings: sql`(s.kind = 'rating')::int`,
        quick_rating_sum: sql`case when s.kind = 'rating' then s.rating else 0 end`,
        praise: sql`(s.kind = 'praise')::int`,
      })}
      from submissions s
      where s.organization_id = ${org} and (s.kind = 'praise' or (s.kind = 'rating' and s.rating between 1 and 5))
        and ${within(scope, sql`s.received_at`, sDk, sTk)}
      union all
      ${facts(cDk, sTk, sql`c.opened_at`, tz, {
        complaints: sql`1`,
        valid_complaints: sql`coalesce(c.valid, false)::int`,
        answered_on_time: sql`(c.answered_at is not null and c.answered_at <= c.answer_due_at)::int`,
        answered_late: sql`(c.answered_at is not null and c.answered_at > c.answer_due_at)::int`,
        cases_closed: sql`(c.status = 'closed')::int`,
        cases_resolved: sql`(c.status = 'closed' and c.resolution is not null)::int`,
        first_contact_clocks: sql`(fc.stopped_at is not null)::int`,
        first_contact_on_time: sql`(fc.stopped_at is not null and (fc.due_at is null or fc.stopped_at <= fc.due_at))::int`,
      })}
      from cases c
      join submissions s on s.id = c.submission_id
      left join case_clocks fc on fc.case_id = c.id and fc.kind = 'first_contact' and fc.department_id is null
      where c.organization_id = ${org} and ${within(scope, sql`c.opened_at`, cDk, sTk)}
      union all
      ${facts(pDk, pTk, sql`p.occurred_at`, tz, { visits: sql`1` })}
      from patient_events p
      where p.organization_id = ${org} and ${within(scope, sql`p.occurred_at`, pDk, pTk)}
    ),
    figures as (
      select dk, tk, ${periodCols}, ${sql.join(
        COUNTS.map((c) => sql.raw(`sum(${c})::int as ${c}`)),
        sql`, `,
      )}
      from fact group by grouping sets ((dk, tk, month, day), (dk, tk, month))
    ),
    dimension_sums as (
      select dk, tk, period, period_start, jsonb_object_agg(dimension, jsonb_build_object('sum', total, 'count', n)) as dimensions
      from (
        select dk, tk, dimension, ${periodCols}, sum(value)::int as total, count(*)::int as n
        from (
          select f.dk, f.tk, (f.at at time zone ${tz})::date as day, date_trunc('month', f.at at time zone ${tz})::date as month, s.dimension, s.value
          from resp_fig f join scored s on s.id = f.id
          where s.type = 'rating' and s.dimension is not null
        ) d
        group by grouping sets ((dk, tk, month, day, dimension), (dk, tk, month, dimension))
      ) x
      group by dk, tk, period, period_start
    ),
    audience_sums as (
      select dk, tk, period, period_start,
        jsonb_object_agg(audience, jsonb_build_object('sum', total, 'count', n, 'responses', responses)) as audiences
      from (
        select dk, tk, audience, ${periodCols}, sum(rating_sum)::int as total, sum(rating_count)::int as n, count(*)::int as responses
        from (
          select f.dk, f.tk, (f.at at time zone ${tz})::date as day, date_trunc('month', f.at at time zone ${tz})::date as month, f.audience, f.rating_sum, f.rating_count
          from resp_fig f
        ) a
        group by grouping sets ((dk, tk, month, day, audience), (dk, tk, month, audience))
      ) x
      group by dk, tk, period, period_start
    )
    insert into board_rollups (organization_id, period, period_start, department_key, touchpoint_key, dimensions, audiences, updated_at, ${sql.raw(COUNTS.join(', '))})
    select ${org}, g.period::rollup_period, g.period_start, g.dk, g.tk, coalesce(d.dimensions, '{}'::jsonb), coalesce(a.audiences, '{}'::jsonb), now(),
      ${sql.raw(COUNTS.map((c) => `g.${c}`).join(', '))}
    from figures g
    left join dimension_sums d on d.dk = g.dk and d.tk = g.tk and d.period = g.period and d.period_start = g.period_start
    left join audience_sums a on a.dk = g.dk and a.tk = g.tk and a.period = g.period and a.period_start = g.period_start`
}

/** Serialises recomputations: a key's at a time, and none while its hospital is rebuilt. */
const lockHospitalShared = (db: Executor, organizationId: string) => db.execute(sql`select pg_advisory_xact_lock_shared(hashtext('board-rollups'), hashtext(${organizationId}))`)
const lockHospital = (db: Executor, organizationId: string) => db.execute(sql`select pg_advisory_xact_lock(hashtext('board-rollups'), hashtext(${organizationId}))`)
/** Per-key locks, taken in one order so two recomputations never wait on each other in a cycle. */
const lockKeys = (db: Executor, organizationId: string, keys: readonly MonthKey[]) => {
  const names = [...new Set(keys.map((k) => `${organizationId}|${k.month}|${k.departmentKey}|${k.touchpointKey}`))].sort()
  return db.execute(sql`select pg_advisory_xact_lock(h) from (select hashtextextended(n, 0) as h from unnest(${`{${names.join(',')}}`}::text[]) n order by n) l`)
}

/**
 * Replaces one key's month row and its day rows with figures recomputed from the raw rows.
 * Run it inside a transaction (the delete and the insert must land together).
 */
export async function recomputeRollupMonth(db: Executor, { organizationId, timeZone, month, departmentKey, touchpointKey }: RollupKey & { timeZone: string }) {
  await recomputeRollupMonths(db, { organizationId, timeZone, keys: [{ month, departmentKey, touchpointKey }] })
}

/** The same for many keys of one hospital at once: one delete and one insert (the worker's batches). */
export async function recomputeRollupMonths(db: Executor, { organizationId, timeZone, keys }: Tenant & { timeZone: string; keys: readonly MonthKey[] }) {
  if (keys.length === 0) return
  await lockHospitalShared(db, organizationId)
  await lockKeys(db, organizationId, keys)
  const months = keys.map((k) => k.month).sort()
  await db.execute(sql`
    delete from board_rollups
    where organization_id = ${organizationId}
      and period_start >= ${months[0]}::date and period_start < (${months[months.length - 1]}::date + interval '1 month')::date
      and (date_trunc('month', period_start::timestamp)::date, department_key, touchpoint_key) in (select * from (values ${keyValues(keys)}) v)`)
  await db.execute(insertRollups({ organizationId, timeZone, keys }))
}

/**
 * Recomputes every rollup of a hospital from its raw rows (the rebuild command), in one
 * statement; pending dirty keys are dropped as this covers them. Run it inside a transaction.
 */
export async function rebuildAllRollups(db: Executor, { organizationId, timeZone }: Tenant & { timeZone: string }) {
  await lockHospital(db, organizationId)
  // Keys a worker is taking right now are skipped, not waited for (that worker waits for this lock: no cycle).
  await db.execute(sql`
    delete from board_rollups_dirty where (organization_id, month, department_key, touchpoint_key) in (
      select organization_id, month, department_key, touchpoint_key from board_rollups_dirty where organization_id = ${organizationId} for update skip locked)`)
  await db.execute(sql`delete from board_rollups where organization_id = ${organizationId}`)
  await db.execute(insertRollups({ organizationId, timeZone }))
}

/**
 * Marks keys for the worker to recompute (again); in the caller's transaction. A key already
 * marked is left as it is (DO NOTHING takes no row lock, so busy writers to one key — QR
 * ratings at one ward — do not queue behind each other); a key the worker is taking right now
 * makes the insert wait for the worker's commit, after which it is marked anew.
 */
export async function markRollupsDirty(db: Executor, keys: readonly RollupKey[]) {
  if (keys.length === 0) return
  const values = sql.join(
    keys.map((k) => sql`(${k.organizationId}::uuid, ${k.month}::date, ${k.departmentKey}::uuid, ${k.touchpointKey}::uuid)`),
    sql`, `,
  )
  await db.execute(sql`
    insert into board_rollups_dirty (organization_id, month, department_key, touchpoint_key)
    select distinct * from (values ${values}) v order by 1, 2, 3, 4
    on conflict (organization_id, month, department_key, touchpoint_key) do nothing`)
}

/** Raw rows whose rollup keys to mark (the keys are read from the rows as they are now). */
export interface RawRowIds {
  responseIds?: readonly string[]
  submissionIds?: readonly string[]
  caseIds?: readonly string[]
  patientEventIds?: readonly string[]
}

const uuids = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`
const monthOf = (at: SQL) => sql`date_trunc('month', ${at} at time zone o.time_zone)::date`

/**
 * Marks the keys the given raw rows count under, as they are now, in one statement (call it
 * before and after a change that can move a row to another key). Follows the attribution
 * rules above.
 */
export async function markRollupsDirtyForRows(db: Executor, { organizationId, responseIds = [], submissionIds = [], caseIds = [], patientEventIds = [] }: Tenant & RawRowIds) {
  const parts: SQL[] = []
  if (responseIds.length)
    parts.push(sql`
      select r.organization_id, ${monthOf(sql`r.completed_at`)}, coalesce(i.department_id, ${noKey}), coalesce(e.touchpoint_id, ${noKey})
      from survey_responses r join organizations o on o.id = r.organization_id
      join survey_invitations i on i.id = r.invitation_id left join patient_events e on e.id = i.patient_event_id
      where r.organization_id = ${organizationId} and r.completed_at is not null and r.id = any(${uuids(responseIds)})`)
  if (submissionIds.length)
    parts.push(sql`
      select s.organization_id, ${monthOf(sql`s.received_at`)}, coalesce(s.department_id, ${noKey}), coalesce(s.touchpoint_id, ${noKey})
      from submissions s join organizations o on o.id = s.organization_id
      where s.organization_id = ${organizationId} and s.kind in ('rating', 'praise') and s.id = any(${uuids(submissionIds)})
      union
      select c.organization_id, ${monthOf(sql`c.opened_at`)}, coalesce(c.attributed_department_id, s.department_id, c.first_responsible_department_id, ${noKey}), coalesce(s.touchpoint_id, ${noKey})
      from cases c join submissions s on s.id = c.submission_id join organizations o on o.id = c.organization_id
      where c.organization_id = ${organizationId} and c.submission_id = any(${uuids(submissionIds)})`)
  if (caseIds.length)
    parts.push(sql`
      select c.organization_id, ${monthOf(sql`c.opened_at`)}, coalesce(c.attributed_department_id, s.department_id, c.first_responsible_department_id, ${noKey}), coalesce(s.touchpoint_id, ${noKey})
      from cases c join submissions s on s.id = c.submission_id join organizations o on o.id = c.organization_id
      where c.organization_id = ${organizationId} and c.id = any(${uuids(caseIds)})`)
  if (patientEventIds.length)
    parts.push(sql`
      select p.organization_id, ${monthOf(sql`p.occurred_at`)}, coalesce(p.department_id, ${noKey}), coalesce(p.touchpoint_id, ${noKey})
      from patient_events p join organizations o on o.id = p.organization_id
      where p.organization_id = ${organizationId} and p.id = any(${uuids(patientEventIds)})`)
  if (parts.length === 0) return
  await db.execute(sql`
    insert into board_rollups_dirty (organization_id, month, department_key, touchpoint_key)
    select distinct * from (${sql.join(parts, sql` union all `)}) k order by 1, 2, 3, 4
    on conflict (organization_id, month, department_key, touchpoint_key) do nothing`)
}

export type DirtyKey = RollupKey & { timeZone: string }

/**
 * Takes up to `limit` dirty keys (oldest first) off the list, with their hospital's time zone.
 * Rows another worker holds are skipped; run it in the transaction that recomputes them, so a
 * failure puts them back and a key marked meanwhile waits for this commit and stays marked.
 */
export async function takeDirtyKeys(db: Executor, limit: number): Promise<DirtyKey[]> {
  const result = await db.execute(sql`
    delete from board_rollups_dirty d
    using (
      select organization_id, month, department_key, touchpoint_key from board_rollups_dirty
      order by marked_at limit ${limit}
      for update skip locked
    ) x, organizations o
    where d.organization_id = x.organization_id and d.month = x.month and d.department_key = x.department_key and d.touchpoint_key = x.touchpoint_key
      and o.id = d.organization_id
    returning d.organization_id as "organizationId", to_char(d.month, 'YYYY-MM-DD') as month, d.department_key as "departmentKey",
      d.touchpoint_key as "touchpointKey", o.time_zone as "timeZone"`)
  return rows<DirtyKey>(result)
}

export async function countDirtyKeys(db: Executor, { organizationId }: Tenant): Promise<number> {
  const [row] = rows<{ n: number }>(await db.execute(sql`select count(*)::int as n from board_rollups_dirty where organization_id = ${organizationId}`))
  return row?.n ?? 0
}

/** Every rollup row of a hospital in key order (tests and the rebuild check). */
export async function listRollups(db: Executor, { organizationId }: Tenant): Promise<RollupRow[]> {
  return db
    .select()
    .from(boardRollups)
    .where(and(eq(boardRollups.organizationId, organizationId)))
    .orderBy(asc(boardRollups.period), asc(boardRollups.periodStart), asc(boardRollups.departmentKey), asc(boardRollups.touchpointKey))
}

/** Every hospital, for the rebuild command (a system task across tenants). */
export async function listHospitalsForRebuild(db: Executor): Promise<{ id: string; slug: string; timeZone: string }[]> {
  return rows(await db.execute(sql`select id, slug, time_zone as "timeZone" from organizations order by created_at`))
}
