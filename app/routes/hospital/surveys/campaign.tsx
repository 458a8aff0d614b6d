import { useTranslation } from 'react-i18next'
import { data, Link, redirect, useActionData, useLoaderData, useLocation, useSearchParams } from 'react-router'
import type { Route } from './+types/campaign'
import { CampaignForm } from '#app/components/surveys/campaign-form.tsx'
import { InvitationActivityChart } from '#app/components/charts/invitation-activity-chart.tsx'
import { CampaignInvitationList } from '#app/components/surveys/campaign-invitation-list.tsx'
import { CampaignCounts } from '#app/components/surveys/campaign-invitations.tsx'
import { CampaignStatusActions } from '#app/components/surveys/campaign-status-actions.tsx'
import { CampaignSummary } from '#app/components/surveys/campaign-summary.tsx'
import { FormError } from '#app/components/forms/field.tsx'
import { isLocale } from '#app/domain/locales.ts'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { campaignFormChoices, campaignFormValues, campaignStatusInputSchema, changeCampaignStatus, editCampaign, getCampaignPage, parseCampaignForm } from '#app/services/survey-campaigns.server.ts'
import { campaignInvitationSearch, campaignReport, parseCampaignInvitationFilters } from '#app/services/survey-campaign-report.server.ts'
import { resendFailedInvitations, resendInputSchema } from '#app/services/survey-resend.server.ts'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership } = await requireHospitalAccess(args, 'surveys.view')
  const filters = parseCampaignInvitationFilters(new URL(args.request.url).searchParams)
  const where = { organizationId: organization.id, campaignId: args.params.campaignId }
  const [page, report] = await Promise.all([getCampaignPage(ctx, where), campaignReport(ctx, { ...where, timeZone: organization.timeZone, filters })])
  if (!page || !report) notFound()
  const canManage = can(membership.role, 'surveys.manage')
  const choices = canManage && page.campaign.status === 'draft' ? await campaignFormChoices(ctx, organization.id) : undefined
  const { page: at, pageCount } = report.invitations
  const pageLinks = { prevHref: at > 1 ? campaignInvitationSearch(filters, at - 1) : null, nextHref: at < pageCount ? campaignInvitationSearch(filters, at + 1) : null }
  return { campaign: page.campaign, formValues: page.formValues, counts: page.counts, responseRate: page.responseRate, report, pageLinks, filters, choices, canManage, timeZone: organization.timeZone }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'surveys.manage')
  const t = translator(locale)
  const formData = await args.request.formData()
  const actor = { organizationId: organization.id, actorUserId: user.id }
  const campaignId = args.params.campaignId
  const here = `/app/${organization.slug}/surveys/campaigns/${campaignId}`

  const intent = formData.get('intent')
  if (intent === 'resend' || intent === 'resendAll') {
    const parsed = resendInputSchema.safeParse({ intent, invitationId: formData.get('invitationId') })
    if (!parsed.success) return data({ intent: 'resend' as const, formError: t('surveys:campaigns.resend.errors.invalid') }, { status: 400 })
    const result = await resendFailedInvitations(ctx, { ...actor, timeZone: organization.timeZone }, campaignId, parsed.data)
    if (!result.ok) {
      if (result.error === 'notFound') notFound()
      return data({ intent: 'resend' as const, formError: t(`surveys:campaigns.resend.errors.${result.error}`) }, { status: 409 })
    }
    return redirect(`${here}?resent=${result.count}${result.campaignStatus === 'paused' ? '&paused=1' : ''}`)
  }

  if (intent === 'status') {
    const parsed = campaignStatusInputSchema.safeParse({ to: formData.get('to') })
    if (!parsed.success) return data({ intent: 'status' as const, formError: t('surveys:campaigns.errors.notAllowed') }, { status: 400 })
    const result = await changeCampaignStatus(ctx, actor, campaignId, parsed.data.to)
    if (!result.ok) {
      if (result.error === 'notFound') notFound()
      return data({ intent: 'status' as const, formError: t('surveys:campaigns.errors.notAllowed') }, { status: 409 })
    }
    return redirect(`${here}?changed=${parsed.data.to}`)
  }

  const values = campaignFormValues(formData)
  const translate = (errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([k, key]) => [k, String(t(key as never))]))
  const parsed = parseCampaignForm(values)
  if (!parsed.ok) return data({ intent: 'settings' as const, values, errors: translate(parsed.errors), formError: t('common:errors.formHasErrors') }, { status: 400 })
  const result = await editCampaign(ctx, actor, campaignId, parsed.input)
  if (!result.ok) {
    if ('errors' in result) return data({ intent: 'settings' as const, values, errors: translate(result.errors), formError: t('common:errors.formHasErrors') }, { status: 400 })
    if (result.error === 'notFound') notFound()
    return data({ intent: 'settings' as const, values, errors: {}, formError: t('surveys:campaigns.errors.notDraft') }, { status: 409 })
  }
  return redirect(`${here}?saved=1`)
}

export default function SurveyCampaign() {
  const { campaign, formValues, counts, responseRate, report, pageLinks, filters, choices, canManage, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { pathname } = useLocation()
  const { t, i18n } = useTranslation(['surveys', 'surveyRecipients'])
  const locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  const en = locale === 'en'
  const changed = params.get('changed')
  const resent = Number(params.get('resent'))
  const settingsProblem = actionData?.intent === 'settings' ? actionData : undefined
  return (
    <section>
      <p>
        <Link to=".." relative="path">
          {t('campaigns.page.back')}
        </Link>
      </p>
      <h1>{campaign.name}</h1>
      {params.get('created') ? (
        <p className="notice" role="status">
          {t('campaigns.created')}
        </p>
      ) : null}
      {params.get('saved') ? (
        <p className="notice" role="status">
          {t('campaigns.page.saved')}
        </p>
      ) : null}
      {changed === 'running' || changed === 'paused' || changed === 'stopped' ? (
        <p className="notice" role="status">
          {t(`campaigns.page.statusChanged.${changed}`)}
        </p>
      ) : null}
      {resent > 0 ? (
        <p className="notice" role="status" data-resent={resent}>
          {params.get('paused') ? t('campaigns.resend.donePaused', { count: resent }) : t('campaigns.resend.done', { count: resent })}
        </p>
      ) : null}
      {actionData?.intent === 'status' || actionData?.intent === 'resend' ? <FormError message={actionData.formError} /> : null}

      <dl className="card">
        <dt>{t('campaigns.page.status')}</dt>
        <dd data-campaign-status={campaign.status}>{t(`campaigns.statuses.${campaign.status}`)}</dd>
        <dt>{t('campaigns.page.template')}</dt>
        <dd>{t('campaigns.page.templateVersion', { name: en && campaign.templateNameEn ? campaign.templateNameEn : campaign.templateName, version: campaign.templateVersion })}</dd>
        <dt>{t('campaigns.form.trigger')}</dt>
        <dd>{t(`campaigns.triggers.${campaign.settings.trigger}`)}</dd>
        {campaign.startedAt ? (
          <>
            <dt>{t('campaigns.page.startedAt')}</dt>
            <dd>{formatDateTime(campaign.startedAt, locale, timeZone)}</dd>
          </>
        ) : null}
        {campaign.stoppedAt ? (
          <>
            <dt>{t('campaigns.page.stoppedAt')}</dt>
            <dd>{formatDateTime(campaign.stoppedAt, locale, timeZone)}</dd>
          </>
        ) : null}
      </dl>
      {canManage ? <CampaignStatusActions status={campaign.status} /> : null}
      {canManage && campaign.settings.trigger === 'manual' && (campaign.status === 'running' || campaign.status === 'draft') ? (
        <p>
          <a href={`${pathname}/recipients`} data-action="add-recipients">
            {t('surveyRecipients:title')}
          </a>
        </p>
      ) : null}

      <section aria-labelledby="campaign-settings" className="card">
        <h2 id="campaign-settings">{t('campaigns.page.settings')}</h2>
        <CampaignSummary settings={campaign.settings} departmentNames={campaign.departments.map((d) => (en && d.nameEn ? d.nameEn : d.name))} />
      </section>
      {canManage && choices ? (
        <CampaignForm
          key={settingsProblem ? JSON.stringify(settingsProblem.values) : 'fresh'}
          mode="settings"
          values={settingsProblem?.values ?? formValues}
          errors={settingsProblem?.errors}
          formError={settingsProblem?.formError}
          templates={choices.templates}
          departments={choices.departments}
        />
      ) : null}

      <CampaignCounts counts={counts} rate={responseRate} />
      <InvitationActivityChart days={report.days} />
      <CampaignInvitationList
        {...report.invitations}
        filters={filters}
        {...pageLinks}
        timeZone={timeZone}
        canResend={canManage && (campaign.status === 'running' || campaign.status === 'paused')}
        failedCount={counts.failed}
        campaignPaused={campaign.status === 'paused'}
      />
      <section aria-labelledby="campaign-export" className="card">
        <h2 id="campaign-export">{t('campaigns.export.title')}</h2>
        <p className="hint">{t('campaigns.export.hint')}</p>
        <p className="actions">
          <a href={`${pathname}/responses.csv`} download data-export="csv">
            {t('campaigns.export.csv')}
          </a>{' '}
          <a href={`${pathname}/responses.xlsx`} download data-export="xlsx">
            {t('campaigns.export.xlsx')}
          </a>
        </p>
      </section>
    </section>
  )
}
