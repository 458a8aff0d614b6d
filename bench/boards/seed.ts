import type { Sql } from 'postgres'
import { surveyTemplateContentSchema } from '#app/domain/survey-template.ts'

/**
 * The boards benchmark's data (issue 6 item 9): one hospital with `departments` departments
 * (a touchpoint each) and, spread over `months` local months, `responses` completed survey
 * responses, `quickRatings` one-tap ratings and `cases` complaints (with praise and imported
 * visits alongside), written straight into the real tables with generate_series. Departments
 * differ (a per-department bias on ratings) so rankings and trends have shape.
 */
export interface BoardsVolume {
  departments: number
  months: number
  responses: number
  quickRatings: number
  cases: number
}

const both = (zh: string, en: string) => ({ 'zh-CN': zh, en })

/** Six rating questions over national-survey dimensions, and one NPS question. */
export const BENCH_SURVEY = surveyTemplateContentSchema.parse({
  title: both('住院患者满意度调查（压测）', 'Inpatient satisfaction (bench)'),
  paged: false,
  questions: [
    { id: 'doctor', type: 'rating', required: true, dimension: 'doctor_communication', text: both('医生沟通', 'Doctor communication') },
    { id: 'nurse', type: 'rating', required: true, dimension: 'nurse_communication', text: both('护士沟通', 'Nurse communication') },
    { id: 'environment', type: 'rating', required: false, dimension: 'environment', text: both('病房环境', 'Ward environment') },
    { id: 'waiting', type: 'rating', required: false, dimension: 'process_waiting', text: both('等候时间', 'Waiting') },
    { id: 'costs', type: 'rating', required: false, dimension: 'costs', text: both('费用', 'Costs') },
    { id: 'overall', type: 'rating', required: true, dimension: 'overall', text: both('总体满意度', 'Overall') },
    { id: 'recommend', type: 'nps', required: false, dimension: 'recommendation', text: both('推荐意愿', 'Recommend') },
  ],
})

/**
 * Inserts the volume for `organizationId` (its departments and touchpoints are created here)
 * ending with the month before `now`'s local month. Returns the department ids.
 */
export async function seedBoardsVolume(sql: Sql, { organizationId, now, volume, log }: { organizationId: string; now: Date; volume: BoardsVolume; log: (msg: string) => void }) {
  const { departments, months, responses, quickRatings, cases } = volume
  const [row] = (await sql`select to_char(date_trunc('month', ${now.toISOString()}::timestamptz at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as end`) as unknown as { end: string }[]
  const end = row!.end
  // Every instant below is `months` months before the current local month's start, spread evenly.
  const spanStart = sql`((${end}::timestamp - make_interval(months => ${months})) at time zone 'Asia/Shanghai')`
  const spanSeconds = sql`extract(epoch from ((${end}::timestamp) - (${end}::timestamp - make_interval(months => ${months}))))`
  const at = (n: string) => sql`${spanStart} + make_interval(secs => (hashtext((${sql.unsafe(n)})::text) & 2147483647)::float8 / 2147483647 * ${spanSeconds})`

  log(`departments and touchpoints: ${departments}`)
  await sql`
    insert into departments (organization_id, name, name_en, type, active, sort_order)
    select ${organizationId}, '压测科室' || lpad(n::text, 3, '0'), 'Bench department ' || n, 'clinical', true, 1000 + n from generate_series(1, ${departments}) n`
  const deptIds = ((await sql`select id from departments where organization_id = ${organizationId} and name like '压测科室%' order by sort_order`) as unknown as { id: string }[]).map((r) => r.id)
  await sql`
    insert into touchpoints (organization_id, department_id, name, name_en, public_code, active)
    select ${organizationId}, d.id, d.name || '护士站', d.name_en || ' nurse station', 'bt' || md5(${organizationId}::text || d.id::text), true
    from departments d where d.organization_id = ${organizationId} and d.name like '压测科室%'`

  const [template] = (await sql`insert into survey_templates (organization_id, key, name, name_en) values (${organizationId}, 'inpatient_bench', '住院患者满意度调查（压测）', 'Inpatient satisfaction (bench)') returning id`) as unknown as { id: string }[]
  const [version] = (await sql`insert into survey_template_versions (organization_id, template_id, version, content) values (${organizationId}, ${template!.id}, 1, ${JSON.stringify(BENCH_SURVEY)}::jsonb) returning id`) as unknown as { id: string }[]
  const [campaign] = (await sql`
    insert into survey_campaigns (organization_id, name, template_id, template_version_id, trigger, channel_preference, delay_minutes, allowed_from, allowed_until, reminder_after_minutes, expiry_minutes, frequency_cap_days, status)
    values (${organizationId}, '出院回访（压测）', ${template!.id}, ${version!.id}, 'discharge', 'sms', 4320, '09:00', '20:00', 2880, 10080, 0, 'running') returning id`) as unknown as { id: string }[]

  // Department d's ratings lean by bias(d) ∈ [-1, 1]: some departments are clearly better.
  const dept = (n: string) => sql`(${`{${deptIds.join(',')}}`}::uuid[])[1 + (hashtext((${sql.unsafe(n)})::text || 'd') & 2147483647) % ${departments}]`
  const rating = (n: string, salt: string, biasKey: string) => sql`greatest(1, least(5, round(3.9 + ((hashtext((${sql.unsafe(biasKey)})::text || 'b') & 255) / 255.0 - 0.5) * 1.2 + ((hashtext((${sql.unsafe(n)})::text || ${salt}) & 1023) / 1023.0 - 0.5) * 3)))::int`

  log(`survey invitations and responses: ${responses.toLocaleString('en-US')}`)
  for (let from = 1; from <= responses; from += 200_000) {
    const to = Math.min(responses, from + 199_999)
    await sql`
      with made as (
        insert into survey_invitations (organization_id, campaign_id, template_version_id, person_key, phone, locale, department_id, channel, token_hash, status, send_at, expires_at, sent_at, completed_at)
        select ${organizationId}, ${campaign!.id}, ${version!.id}, '+86139' || lpad(n::text, 8, '0'), '+86139' || lpad(n::text, 8, '0'), 'zh-CN', ${dept('n')}, 'sms',
          md5('bench-inv-' || n), 'completed', ${at('n')} - interval '1 day', ${at('n')} + interval '6 days', ${at('n')} - interval '1 day', ${at('n')}
        from generate_series(${from}::int, ${to}::int) n
        returning id, completed_at, department_id
      )
      insert into survey_responses (organization_id, invitation_id, template_version_id, answers, completed_at)
      select ${organizationId}, made.id, ${version!.id},
        jsonb_build_object(
          'doctor', jsonb_build_object('type', 'rating', 'value', r.doctor),
          'nurse', jsonb_build_object('type', 'rating', 'value', r.nurse),
          'environment', jsonb_build_object('type', 'rating', 'value', r.environment),
          'waiting', jsonb_build_object('type', 'rating', 'value', r.waiting),
          'costs', jsonb_build_object('type', 'rating', 'value', r.costs),
          'overall', jsonb_build_object('type', 'rating', 'value', r.overall),
          'recommend', jsonb_build_object('type', 'nps', 'value', least(10, greatest(0, r.overall * 2 + (hashtext(made.id::text) & 1))))),
        made.completed_at
      from made, lateral (select
        ${rating('made.id', 'x1', 'made.department_id')} as doctor, ${rating('made.id', 'x2', 'made.department_id')} as nurse, ${rating('made.id', 'x3', 'made.department_id')} as environment,
        ${rating('made.id', 'x4', 'made.department_id')} as waiting, ${rating('made.id', 'x5', 'made.department_id')} as costs, ${rating('made.id', 'x6', 'made.department_id')} as overall) r`
    log(`  ${to.toLocaleString('en-US')} …`)
  }

  log(`quick ratings and praise: ${quickRatings.toLocaleString('en-US')}`)
  await sql`
    insert into submissions (organization_id, kind, channel, rating, touchpoint_id, department_id, locale, received_at)
    select ${organizationId}, 'rating', 'qr', ${rating('n', 'q', 't.department_id')}, t.id, t.department_id, 'zh-CN', ${at("'q' || n")}
    from generate_series(1, ${quickRatings}) n
    join (select id, department_id, row_number() over (order by public_code) - 1 as i from touchpoints where organization_id = ${organizationId} and public_code like 'bt%') t
      on t.i = (hashtext(n::text || 't') & 2147483647) % ${departments}`

  log(`complaint cases: ${cases.toLocaleString('en-US')}`)
  await sql`
    with subs as (
      insert into submissions (organization_id, number, kind, channel, text, department_id, locale, received_at)
      select ${organizationId}, 'HB-' || lpad(n::text, 8, '0'), 'complaint', 'web', '压测投诉', ${dept("'c' || n")}, 'zh-CN', ${at("'c' || n")}
      from generate_series(1, ${cases}) n
      returning id, number, department_id, received_at
    )
    insert into cases (organization_id, submission_id, number, status, first_responsible_department_id, owner_department_id, answer_due_at, answered_at, opened_at, closed_at, resolution, valid, attributed_department_id)
    select ${organizationId}, s.id, s.number,
      case when h % 10 < 8 then 'closed'::case_status else 'received'::case_status end,
      s.department_id, s.department_id, s.received_at + interval '7 days',
      case when h % 10 < 8 then s.received_at + make_interval(days => h % 9) end,
      s.received_at,
      case when h % 10 < 8 then s.received_at + make_interval(days => 1 + h % 9) end,
      case when h % 10 < 8 then 'handled'::case_resolution end,
      case when h % 10 < 8 then h % 3 = 0 end,
      case when h % 10 < 8 and h % 3 = 0 then s.department_id end
    from subs s, lateral (select hashtext(s.id::text) & 2147483647 as h) x`

  log('visits (imported discharges) and praise')
  await sql`
    insert into patient_events (organization_id, type, source, department_id, occurred_at, locale)
    select ${organizationId}, 'discharge', 'api', ${dept("'v' || n")}, ${at("'v' || n")}, 'zh-CN' from generate_series(1, ${responses * 2}) n`
  await sql`
    insert into submissions (organization_id, number, kind, channel, text, department_id, locale, received_at)
    select ${organizationId}, 'HP-' || lpad(n::text, 8, '0'), 'praise', 'web', '感谢', ${dept("'p' || n")}, 'zh-CN', ${at("'p' || n")} from generate_series(1, ${Math.round(cases / 2)}) n`
  await sql`analyze`
  return deptIds
}
