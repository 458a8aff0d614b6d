import { useTranslation } from 'react-i18next'
import { data, Link, redirect, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/campaigns'
import { CampaignForm } from '#app/components/surveys/campaign-form.tsx'
import { ResponseRate } from '#app/components/surveys/campaign-invitations.tsx'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { translator } from '#app/lib/i18n.ts'
import {
  campaignFormChoices,
  campaignFormValues,
  createCampaign,
  defaultsForTriggerFormValues,
  listCampaignsPage,
  newCampaignFormValues,
  parseCampaignForm,
} from '#app/services/survey-campaigns.server.ts'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership } = await requireHospitalAccess(args, 'surveys.view')
  const canManage = can(membership.role, 'surveys.manage')
  const [campaigns, choices] = await Promise.all([listCampaignsPage(ctx, organization.id), canManage ? campaignFormChoices(ctx, organization.id) : undefined])
  return { campaigns, choices, canManage, blank: newCampaignFormValues() }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'surveys.manage')
  const t = translator(locale)
  const formData = await args.request.formData()
  const values = campaignFormValues(formData)
  // Without JavaScript, a changed trigger gets its defaults by this button; what was typed elsewhere stays.
  if (formData.get('intent') === 'defaults') return data({ values: defaultsForTriggerFormValues(values), errors: undefined, formError: undefined })
  const parsed = parseCampaignForm(values)
  const translate = (errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([k, key]) => [k, String(t(key as never))]))
  if (!parsed.ok) return data({ values, errors: translate(parsed.errors), formError: t('common:errors.formHasErrors') }, { status: 400 })
  const result = await createCampaign(ctx, { organizationId: organization.id, actorUserId: user.id }, parsed.input)
  if (!result.ok) {
    const errors = 'errors' in result ? translate(result.errors) : {}
    return data({ values, errors, formError: t('common:errors.formHasErrors') }, { status: 400 })
  }
  return redirect(`/app/${organization.slug}/surveys/campaigns/${result.id}?created=1`)
}

export default function SurveyCampaigns() {
  const { campaigns, choices, canManage, blank } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation('surveys')
  const en = i18n.language === 'en'
  return (
    <section>
      <h1>{t('campaigns.title')}</h1>
      <p className="muted">{t('campaigns.intro')}</p>
      {campaigns.length === 0 ? (
        <p>{t('campaigns.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('campaigns.columns.name')}</th>
                <th scope="col">{t('campaigns.columns.template')}</th>
                <th scope="col">{t('campaigns.columns.trigger')}</th>
                <th scope="col">{t('campaigns.columns.status')}</th>
                <th scope="col">{t('campaigns.columns.invitations')}</th>
                <th scope="col">{t('campaigns.columns.responseRate')}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => {
                const total = Object.values(c.counts).reduce((a, b) => a + b, 0)
                return (
                  <tr key={c.id} data-campaign={c.id} data-status={c.status}>
                    <td>
                      <Link to={c.id}>{c.name}</Link>
                    </td>
                    <td>{en && c.templateNameEn ? c.templateNameEn : c.templateName}</td>
                    <td>{t(`campaigns.triggers.${c.trigger}`)}</td>
                    <td>{t(`campaigns.statuses.${c.status}`)}</td>
                    <td>{t('campaigns.countsSummary', { total, completed: c.counts.completed })}</td>
                    <td>
                      <ResponseRate rate={c.responseRate} />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {canManage && choices ? (
        <CampaignForm
          key={actionData ? JSON.stringify(actionData.values) : 'fresh'}
          mode="create"
          values={actionData?.values ?? blank}
          errors={actionData?.errors}
          formError={actionData?.formError}
          templates={choices.templates}
          departments={choices.departments}
        />
      ) : (
        <p className="muted">{t('campaigns.readOnly')}</p>
      )}
    </section>
  )
}
