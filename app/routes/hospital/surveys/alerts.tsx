import { useTranslation } from 'react-i18next'
import { Form, Link, redirect, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/alerts'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import type { Locale } from '#app/domain/locales.ts'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { badRequest, notFound } from '#app/lib/http-errors.server.ts'
import { acknowledgeAlert, acknowledgeSchema, alertsQuerySchema, loadSurveyAlerts, type AlertFindingView } from '#app/services/survey-alerts.server.ts'

/** /app/:org/surveys/alerts — low survey scores and complaints (the closed loop), newest first. */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, user, membership } = await requireHospitalAccess(args, 'surveyAlerts.view')
  const params = new URL(args.request.url).searchParams
  const query = alertsQuerySchema.parse({ show: params.get('show') ?? undefined, before: params.get('before') ?? undefined })
  const page = await loadSurveyAlerts(ctx, { organizationId: organization.id, userId: user.id, query })
  return {
    ...page,
    query,
    canAcknowledge: can(membership.role, 'surveyAlerts.acknowledge'),
    canSeeCases: can(membership.role, 'cases.view'),
    timeZone: organization.timeZone,
    base: `/app/${organization.slug}`,
  }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user } = await requireHospitalAccess(args, 'surveyAlerts.acknowledge')
  const form = Object.fromEntries(await args.request.formData())
  const parsed = acknowledgeSchema.safeParse(form)
  // Only our own button posts here; an alert outside the user's scope does not exist for them.
  if (!parsed.success) badRequest()
  const result = await acknowledgeAlert(ctx, { organizationId: organization.id, userId: user.id, alertId: parsed.data.alertId })
  if (!result.ok) notFound()
  const query = new URLSearchParams({ ...(form.show === 'all' ? { show: 'all' } : {}), [result.already ? 'already' : 'acknowledged']: '1' })
  return redirect(`/app/${organization.slug}/surveys/alerts?${query}`, { status: 303 })
}

function FindingText({ finding }: { finding: AlertFindingView }) {
  const { t, i18n } = useTranslation('surveyAlerts')
  const question = finding.question ? finding.question[i18n.language as Locale] : t('findings.unknownQuestion')
  if (finding.reason === 'complaint_text') return <>{t('findings.complaint_text', { question, text: String(finding.value) })}</>
  return <>{t(`findings.${finding.reason}`, { question, value: finding.value })}</>
}

export default function SurveyAlerts() {
  const { items, hasMore, scoped, query, canAcknowledge, canSeeCases, timeZone, base } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation('surveyAlerts')
  const locale = i18n.language as Locale
  const showAll = query.show === 'all'
  const listHref = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({ ...(showAll ? { show: 'all' } : {}), ...extra })
    return `${base}/surveys/alerts${q.size ? `?${q}` : ''}`
  }
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {scoped ? <p className="hint">{t('scopeDepartments')}</p> : null}
      {params.get('acknowledged') ? (
        <p className="notice" role="status">
          {t('acknowledged')}
        </p>
      ) : null}
      {params.get('already') ? (
        <p className="notice" role="status">
          {t('alreadyAcknowledged')}
        </p>
      ) : null}
      <Form method="get" className="card" aria-label={t('filter.label')}>
        <fieldset>
          <legend>{t('filter.label')}</legend>
          <label>
            <input type="radio" name="show" value="open" defaultChecked={!showAll} /> {t('filter.open')}
          </label>{' '}
          <label>
            <input type="radio" name="show" value="all" defaultChecked={showAll} /> {t('filter.all')}
          </label>
        </fieldset>
        <button type="submit" className="secondary">
          {t('filter.apply')}
        </button>
      </Form>
      {items.length === 0 ? (
        <p className="muted">{showAll ? t('empty') : t('emptyOpen')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('columns.time')}</th>
                <th scope="col">{t('columns.department')}</th>
                <th scope="col">{t('columns.campaign')}</th>
                <th scope="col">{t('columns.findings')}</th>
                <th scope="col">{t('columns.case')}</th>
                <th scope="col">{t('columns.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => {
                const when = formatDateTime(a.createdAt, locale, timeZone)
                return (
                  <tr key={a.id} data-alert={a.id} data-acknowledged={a.acknowledgedAt ? 'yes' : 'no'}>
                    <td>{when}</td>
                    <td>{a.department ? (locale === 'en' && a.department.nameEn ? a.department.nameEn : a.department.name) : t('noDepartment')}</td>
                    <td>{a.campaignName}</td>
                    <td>
                      <ul className="plain-list">
                        {a.findings.map((f, i) => (
                          <li key={i}>
                            <FindingText finding={f} />
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {a.caseId && a.caseNumber ? (
                        canSeeCases ? (
                          <Link to={`${base}/cases/${a.caseId}`}>{t('caseLink', { number: a.caseNumber })}</Link>
                        ) : (
                          t('caseLink', { number: a.caseNumber })
                        )
                      ) : (
                        <span className="muted">{t('noCase')}</span>
                      )}
                    </td>
                    <td>
                      {a.acknowledgedAt ? (
                        t('status.acknowledged', { date: formatDateTime(a.acknowledgedAt, locale, timeZone) })
                      ) : canAcknowledge ? (
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="acknowledge" />
                          <input type="hidden" name="alertId" value={a.id} />
                          {showAll ? <input type="hidden" name="show" value="all" /> : null}
                          <button type="submit" className="secondary" aria-label={t('acknowledgeLabel', { date: when })}>
                            {t('acknowledge')}
                          </button>
                        </Form>
                      ) : (
                        t('status.open')
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {query.before || hasMore ? (
        <nav aria-label={t('paging.label')}>
          {query.before ? <Link to={listHref()}>← {t('paging.first')}</Link> : null}{' '}
          {hasMore && items.length ? <Link to={listHref({ before: items[items.length - 1]!.id })}>{t('paging.older')} →</Link> : null}
        </nav>
      ) : null}
    </section>
  )
}
