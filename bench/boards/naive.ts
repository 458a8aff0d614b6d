import type { Sql } from 'postgres'

/**
 * The boards benchmark's baseline: the same figures the board loaders read from rollups,
 * computed by plain aggregates over the raw rows (survey responses and their answers, ratings,
 * cases, praise, visits) — what a board would cost without rollups.
 */
export interface NaiveFigures {
  /** The local month (YYYY-MM-01) for a trend, the department id for an overview. */
  key: string
  responses: number
  ratingSum: number
  ratingCount: number
  complaints: number
  validComplaints: number
  quickRatings: number
  praise: number
  visits: number
}

const TZ = 'Asia/Shanghai'

/** One department's figures for each of the 12 local months ending with `month` (YYYY-MM-01). */
export async function naiveDepartmentTrend(sql: Sql, { organizationId, departmentId, month }: { organizationId: string; departmentId: string; month: string }) {
  const from = sql`((${month}::date - interval '11 months')::timestamp at time zone ${TZ})`
  const until = sql`((${month}::date + interval '1 month')::timestamp at time zone ${TZ})`
  const m = (column: string) => sql`to_char(date_trunc('month', ${sql.unsafe(column)} at time zone ${TZ}), 'YYYY-MM-01')`
  const [ratings, cases, submissions, visits] = await Promise.all([
    sql`
      select ${m('r.completed_at')} as key, count(distinct r.id)::int as responses,
        coalesce(sum((a.value->>'value')::int) filter (where a.value->>'type' = 'rating'), 0)::int as rating_sum,
        count(*) filter (where a.value->>'type' = 'rating')::int as rating_count
      from survey_responses r join survey_invitations i on i.id = r.invitation_id, jsonb_each(r.answers) a
      where r.organization_id = ${organizationId} and i.department_id = ${departmentId} and r.completed_at >= ${from} and r.completed_at < ${until}
      group by 1`,
    sql`
      select ${m('c.opened_at')} as key, count(*)::int as complaints, count(*) filter (where c.valid)::int as valid
      from cases c join submissions s on s.id = c.submission_id
      where c.organization_id = ${organizationId} and coalesce(c.attributed_department_id, s.department_id, c.first_responsible_department_id) = ${departmentId}
        and c.opened_at >= ${from} and c.opened_at < ${until}
      group by 1`,
    sql`
      select ${m('received_at')} as key, count(*) filter (where kind = 'rating')::int as quick, count(*) filter (where kind = 'praise')::int as praise
      from submissions where organization_id = ${organizationId} and department_id = ${departmentId} and received_at >= ${from} and received_at < ${until} and kind in ('rating', 'praise')
      group by 1`,
    sql`
      select ${m('occurred_at')} as key, count(*)::int as visits from patient_events
      where organization_id = ${organizationId} and department_id = ${departmentId} and occurred_at >= ${from} and occurred_at < ${until}
      group by 1`,
  ])
  return merge([ratings, cases, submissions, visits])
}

/** Every department's figures for one month. */
export async function naiveOverview(sql: Sql, { organizationId, month }: { organizationId: string; month: string }) {
  const from = sql`(${month}::date::timestamp at time zone ${TZ})`
  const until = sql`((${month}::date + interval '1 month')::timestamp at time zone ${TZ})`
  const [ratings, cases, submissions, visits] = await Promise.all([
    sql`
      select i.department_id as key, count(distinct r.id)::int as responses,
        coalesce(sum((a.value->>'value')::int) filter (where a.value->>'type' = 'rating'), 0)::int as rating_sum,
        count(*) filter (where a.value->>'type' = 'rating')::int as rating_count
      from survey_responses r join survey_invitations i on i.id = r.invitation_id, jsonb_each(r.answers) a
      where r.organization_id = ${organizationId} and r.completed_at >= ${from} and r.completed_at < ${until}
      group by 1`,
    sql`
      select coalesce(c.attributed_department_id, s.department_id, c.first_responsible_department_id) as key, count(*)::int as complaints, count(*) filter (where c.valid)::int as valid
      from cases c join submissions s on s.id = c.submission_id
      where c.organization_id = ${organizationId} and c.opened_at >= ${from} and c.opened_at < ${until}
      group by 1`,
    sql`
      select department_id as key, count(*) filter (where kind = 'rating')::int as quick, count(*) filter (where kind = 'praise')::int as praise
      from submissions where organization_id = ${organizationId} and received_at >= ${from} and received_at < ${until} and kind in ('rating', 'praise')
      group by 1`,
    sql`
      select department_id as key, count(*)::int as visits from patient_events
      where organization_id = ${organizationId} and occurred_at >= ${from} and occurred_at < ${until}
      group by 1`,
  ])
  return merge([ratings, cases, submissions, visits])
}

type Row = Record<string, unknown>
function merge(results: readonly (readonly Row[])[]): Map<string, NaiveFigures> {
  const out = new Map<string, NaiveFigures>()
  const at = (key: string) => {
    let f = out.get(key)
    if (!f) out.set(key, (f = { key, responses: 0, ratingSum: 0, ratingCount: 0, complaints: 0, validComplaints: 0, quickRatings: 0, praise: 0, visits: 0 }))
    return f
  }
  const [ratings, cases, submissions, visits] = results
  for (const r of ratings!) Object.assign(at(String(r.key)), { responses: r.responses, ratingSum: r.rating_sum, ratingCount: r.rating_count })
  for (const r of cases!) Object.assign(at(String(r.key)), { complaints: r.complaints, validComplaints: r.valid })
  for (const r of submissions!) Object.assign(at(String(r.key)), { quickRatings: r.quick, praise: r.praise })
  for (const r of visits!) Object.assign(at(String(r.key)), { visits: r.visits })
  return out
}
