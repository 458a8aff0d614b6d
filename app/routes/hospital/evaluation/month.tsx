import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/month'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, SelectField, TextAreaField } from '#app/components/forms/field.tsx'
import { shiftMonth, EVALUATION_PARTS, isMonth } from '#app/domain/evaluation.ts'
import type { Locale } from '#app/domain/locales.ts'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { formatDateTime, formatNumber } from '#app/lib/format.ts'
import { forbidden, notFound } from '#app/lib/http-errors.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { addEvaluationComment, closeMonth, commentSchema, evaluationPage, reopenMonth, reopenSchema, type EvaluationDepartmentRow } from '#app/services/evaluation.server.ts'

/** /app/:org/evaluation/:month — the month's ranking, vetoes and service stars; close, re-open, comment. */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership } = await requireHospitalAccess(args, 'evaluation.view')
  if (!isMonth(args.params.month)) notFound()
  const page = await evaluationPage(ctx, { organizationId: organization.id, month: args.params.month })
  return {
    page,
    canManage: can(membership.role, 'evaluation.manage'),
    canComment: can(membership.role, 'evaluation.comment'),
    canSeeSettings: can(membership.role, 'settings.view'),
    timeZone: organization.timeZone,
    base: `/app/${organization.slug}`,
  }
}

type Problem = { intent: 'reopen' | 'comment'; errors: Record<string, string>; values: Record<string, string>; formError: string }

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, membership, locale } = await requireHospitalAccess(args, 'evaluation.view')
  const month = args.params.month
  if (!isMonth(month)) notFound()
  const t = translator(locale)
  const form = Object.fromEntries([...(await args.request.formData())].map(([k, v]) => [k, String(v)]))
  const here = `/app/${organization.slug}/evaluation/${month}`
  const problem = (intent: Problem['intent'], errors: Record<string, string>) =>
    data({ intent, errors: Object.fromEntries(Object.entries(errors).map(([f, key]) => [f, String(t(key as never))])), values: form, formError: t('common:errors.formHasErrors') } satisfies Problem, { status: 400 })

  if (form.intent === 'close') {
    if (!can(membership.role, 'evaluation.manage')) forbidden()
    const result = await closeMonth(ctx, { organizationId: organization.id, month, actorUserId: user.id })
    return redirect(`${here}?${result.ok ? (result.created ? 'closed' : 'alreadyClosed') : 'notOver'}=1`, { status: 303 })
  }
  if (form.intent === 'reopen') {
    if (!can(membership.role, 'evaluation.manage')) forbidden()
    const parsed = reopenSchema.safeParse(form)
    if (!parsed.success) return problem('reopen', { reason: parsed.error.issues[0]!.message })
    const result = await reopenMonth(ctx, { organizationId: organization.id, month, actorUserId: user.id, reason: parsed.data.reason })
    if (!result.ok) return problem('reopen', { reason: result.error })
    return redirect(`${here}?reopened=1`, { status: 303 })
  }
  if (form.intent === 'comment') {
    if (!can(membership.role, 'evaluation.comment')) forbidden()
    const parsed = commentSchema.safeParse(form)
    if (!parsed.success) return problem('comment', Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])))
    const result = await addEvaluationComment(ctx, { organizationId: organization.id, month, actorUserId: user.id, ...parsed.data })
    if (!result.ok) return problem('comment', { departmentId: result.error })
    return redirect(`${here}?commented=1#comments`, { status: 303 })
  }
  notFound()
}

const deptName = (d: { name: string; nameEn: string | null }, locale: Locale) => (locale === 'en' && d.nameEn ? d.nameEn : d.name)

function Figure({ value, percent = false }: { value: number | null; percent?: boolean }) {
  const { t, i18n } = useTranslation('evaluation')
  if (value === null) return <span className="muted">{t('noValue')}</span>
  return <>{formatNumber(value, i18n.language as Locale, percent ? { style: 'percent', maximumFractionDigits: 1 } : { maximumFractionDigits: 2 })}</>
}

function RankingTable({ rows, month }: { rows: EvaluationDepartmentRow[]; month: string }) {
  const { t, i18n } = useTranslation('evaluation')
  const locale = i18n.language as Locale
  const list = (numbers: string[]) => numbers.join(locale === 'en' ? ', ' : '、')
  return (
    <div className="table-wrap">
      <table data-evaluation-ranking="true">
        <caption>{t('table.caption', { month })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('columns.rank')}</th>
            <th scope="col">{t('columns.department')}</th>
            <th scope="col">{t('columns.composite')}</th>
            <th scope="col">{t('columns.satisfaction')}</th>
            <th scope="col">{t('columns.outpatient')}</th>
            <th scope="col">{t('columns.inpatient')}</th>
            <th scope="col">{t('columns.staff')}</th>
            <th scope="col">{t('columns.responses')}</th>
            <th scope="col">{t('columns.validComplaints')}</th>
            <th scope="col">{t('columns.complaintRate')}</th>
            <th scope="col">{t('columns.onTime')}</th>
            <th scope="col">{t('columns.praise')}</th>
            <th scope="col">{t('columns.veto')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.departmentId} data-department={d.departmentId} data-rank={d.rank ?? ''} data-vetoed={d.vetoCaseNumbers.length ? 'yes' : 'no'}>
              <td>{d.rank ?? t('unranked')}</td>
              <th scope="row">
                {deptName(d, locale)}
                {d.fromHospitalAverage.length ? (
                  <small className="hint" style={{ display: 'block', fontWeight: 'normal' }}>
                    {t('fromHospitalAverage', { parts: d.fromHospitalAverage.map((p) => t(`weights.${p}`)).join(locale === 'en' ? ', ' : '、') })}
                  </small>
                ) : null}
              </th>
              <td>
                <strong>
                  <Figure value={d.composite} />
                </strong>
              </td>
              <td>
                <Figure value={d.figures.satisfaction} />
              </td>
              <td>
                <Figure value={d.figures.audiences.outpatient} />
              </td>
              <td>
                <Figure value={d.figures.audiences.inpatient} />
              </td>
              <td>
                <Figure value={d.figures.audiences.staff} />
              </td>
              <td>{d.figures.responses}</td>
              <td>{d.figures.validComplaints}</td>
              <td>
                <Figure value={d.figures.validComplaintRatePer1000} />
              </td>
              <td>
                <Figure value={d.figures.onTimeRate} percent />
              </td>
              <td>{d.figures.praise}</td>
              <td>{d.vetoCaseNumbers.length ? <span className="pill">{t('veto.reason', { numbers: list(d.vetoCaseNumbers) })}</span> : t('veto.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export default function EvaluationMonth() {
  const { page, canManage, canComment, canSeeSettings, timeZone, base } = useLoaderData<typeof loader>()
  const problem = useActionData<typeof action>() as Problem | undefined
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation(['evaluation', 'common'])
  const locale = i18n.language as Locale
  const { content, month } = page
  const list = (numbers: string[]) => numbers.join(locale === 'en' ? ', ' : '、')
  const notices = [
    ['closed', t('close.done')],
    ['alreadyClosed', t('close.already')],
    ['notOver', t('close.notOver')],
    ['reopened', t('reopen.done')],
    ['commented', t('comments.added')],
  ] as const
  const reopenProblem = problem?.intent === 'reopen' ? problem : undefined
  const commentProblem = problem?.intent === 'comment' ? problem : undefined
  const commentsOf = (departmentId: string) => page.comments.filter((c) => c.departmentId === departmentId)
  const commented = content.departments.filter((d) => commentsOf(d.departmentId).length > 0)
  return (
    <section>
      <h1>{t('monthTitle', { month })}</h1>
      <p className="muted">{t('intro')}</p>
      {notices.map(([key, text]) =>
        params.get(key) ? (
          <p key={key} className="notice" role="status">
            {text}
          </p>
        ) : null,
      )}

      <nav aria-label={t('monthNav.label')} className="card">
        <Link to={`${base}/evaluation/${shiftMonth(month, -1)}`} rel="prev">
          {t('monthNav.previous')}
        </Link>{' '}
        ·{' '}
        <Link to={`${base}/evaluation/${shiftMonth(month, 1)}`} rel="next">
          {t('monthNav.next')}
        </Link>
        <Form method="get" action={`${base}/evaluation`}>
          <label>
            {t('monthNav.month')} <input type="month" name="month" defaultValue={month} required pattern="\d{4}-\d{2}" />
          </label>{' '}
          <button type="submit" className="secondary">
            {t('monthNav.go')}
          </button>
        </Form>
      </nav>

      <p className={page.status === 'closed' ? 'notice' : 'warning'} data-evaluation-status={page.status}>
        {page.status === 'closed' && page.frozenAt ? t('status.closed', { date: formatDateTime(page.frozenAt, locale, timeZone) }) : page.isPast ? t('status.preview') : t('status.previewCurrent')}
      </p>

      <section aria-labelledby="weights-title">
        <h2 id="weights-title">{t('weights.heading')}</h2>
        <ul data-weights="true">
          {EVALUATION_PARTS.map((p) => (
            <li key={p} data-weight={p}>
              {t('weights.value', { label: t(`weights.${p}`), percent: Math.round(content.weights[p] * 1000) / 10 })}
            </li>
          ))}
        </ul>
        {canSeeSettings ? <Link to={`${base}/admin/boards`}>{t('settingsLink')}</Link> : null}
      </section>

      <p>
        {t('hospital.summary', {
          satisfaction: content.hospital.satisfaction === null ? t('noValue') : formatNumber(content.hospital.satisfaction, locale, { maximumFractionDigits: 2 }),
          validComplaints: content.hospital.validComplaints,
          onTime: content.hospital.onTimeRate === null ? t('noValue') : formatNumber(content.hospital.onTimeRate, locale, { style: 'percent', maximumFractionDigits: 1 }),
        })}
      </p>

      {content.departments.length === 0 ? <p className="muted">{t('empty')}</p> : <RankingTable rows={content.departments} month={month} />}

      <section aria-labelledby="vetoes-title">
        <h2 id="vetoes-title">{t('veto.heading')}</h2>
        {content.departments.some((d) => d.vetoCaseNumbers.length) ? (
          <ul>
            {content.departments
              .filter((d) => d.vetoCaseNumbers.length)
              .map((d) => (
                <li key={d.departmentId} data-veto={d.departmentId}>
                  {t('veto.department', { department: deptName(d, locale), numbers: list(d.vetoCaseNumbers) })}
                </li>
              ))}
          </ul>
        ) : (
          <p className="muted">{t('veto.empty')}</p>
        )}
      </section>

      <section aria-labelledby="stars-title" className="card">
        <h2 id="stars-title">{t('stars.heading')}</h2>
        <p className="hint">{t('stars.intro')}</p>
        {content.stars.length === 0 ? (
          <p className="muted">{t('stars.empty')}</p>
        ) : (
          <ol className="plain-list">
            {content.stars.map((s) => (
              <li key={s.userId} data-star={s.userId} data-star-rank={s.rank}>
                {t('stars.place', { rank: s.rank })} · <strong>{s.name}</strong> · {t('stars.praise', { count: s.praise })}
              </li>
            ))}
          </ol>
        )}
        {content.vetoedStars.length ? (
          <>
            <h3>{t('stars.vetoedHeading')}</h3>
            <ul>
              {content.vetoedStars.map((s) => (
                <li key={s.userId} data-star-vetoed={s.userId}>
                  {t('stars.vetoed', { name: s.name, count: s.praise, numbers: list(s.caseNumbers) })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="exports-title">
        <h2 id="exports-title">{t('exports.heading')}</h2>
        <p>
          <a href={`${base}/evaluation/${month}/export.xlsx`} download>
            {t('exports.xlsx')}
          </a>{' '}
          ·{' '}
          <a href={`${base}/evaluation/${month}/export.pdf`} download>
            {t('exports.pdf')}
          </a>
        </p>
      </section>

      <section id="comments" aria-labelledby="comments-title" className="card">
        <h2 id="comments-title">{t('comments.heading')}</h2>
        {commented.length === 0 ? (
          <p className="muted">{t('comments.empty')}</p>
        ) : (
          commented.map((d) => (
            <div key={d.departmentId} data-comments={d.departmentId}>
              <h3>{deptName(d, locale)}</h3>
              <ul>
                {commentsOf(d.departmentId).map((c) => (
                  <li key={c.id}>
                    <p>{c.text}</p>
                    <p className="hint">{t('comments.by', { author: c.authorName ?? t('comments.unknownAuthor'), date: formatDateTime(c.createdAt, locale, timeZone) })}</p>
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
        {canComment && content.departments.length ? (
          <Form method="post" className="form" key={commentProblem ? 'retry' : 'fresh'}>
            <CsrfInput />
            <input type="hidden" name="intent" value="comment" />
            <FormError message={commentProblem?.formError} />
            <SelectField label={t('comments.department')} name="departmentId" required defaultValue={commentProblem?.values.departmentId ?? ''} error={commentProblem?.errors.departmentId}>
              <option value="" />
              {content.departments.map((d) => (
                <option key={d.departmentId} value={d.departmentId}>
                  {deptName(d, locale)}
                </option>
              ))}
            </SelectField>
            <TextAreaField label={t('comments.text')} name="text" required maxLength={2000} rows={3} defaultValue={commentProblem?.values.text ?? ''} error={commentProblem?.errors.text} />
            <button type="submit" className="primary">
              {t('comments.button')}
            </button>
          </Form>
        ) : null}
      </section>

      {canManage ? (
        <section aria-labelledby="manage-title" className="card">
          {page.status === 'closed' ? (
            <>
              <h2 id="manage-title">{t('reopen.heading')}</h2>
              <p className="hint">{t('reopen.intro')}</p>
              <Form method="post" className="form" key={reopenProblem ? 'retry' : 'fresh'}>
                <CsrfInput />
                <input type="hidden" name="intent" value="reopen" />
                <FormError message={reopenProblem?.formError} />
                <TextAreaField label={t('reopen.reason')} name="reason" required maxLength={500} rows={2} hint={t('reopen.reasonHint')} defaultValue={reopenProblem?.values.reason ?? ''} error={reopenProblem?.errors.reason} />
                <button type="submit" className="secondary">
                  {t('reopen.button')}
                </button>
              </Form>
            </>
          ) : page.isPast ? (
            <>
              <h2 id="manage-title">{t('close.heading')}</h2>
              <p className="hint">{t('close.intro')}</p>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="close" />
                <button type="submit" className="primary">
                  {t('close.button', { month })}
                </button>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}

      {page.reopened.length ? (
        <ul className="hint" data-reopened-history="true">
          {page.reopened.map((r, i) => (
            <li key={i}>
              {t('reopen.history', {
                frozenAt: formatDateTime(r.frozenAt, locale, timeZone),
                reopenedAt: r.reopenedAt ? formatDateTime(r.reopenedAt, locale, timeZone) : '',
                reason: r.reason ?? '',
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
