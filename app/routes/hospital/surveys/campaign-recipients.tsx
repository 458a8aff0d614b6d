import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/campaign-recipients'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, TextAreaField, TextField } from '#app/components/forms/field.tsx'
import { isLocale, type Locale } from '#app/domain/locales.ts'
import { minutesToDuration } from '#app/domain/survey-campaign-settings.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { addManualList, manualListCampaign, previewManualList, readManualListForm, type ListRowError, type ManualListPreview } from '#app/services/survey-manual-list.server.ts'
import { RowErrorsTable } from '#app/components/patient-events/row-errors.tsx'

/** Adding people to a `manual` campaign: paste or upload a list → preview with every row's problem → confirm. Works without JavaScript. */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'surveys.manage')
  const campaign = await manualListCampaign(ctx, organization.id, args.params.campaignId)
  if (!campaign) notFound()
  return { campaign, timeZone: organization.timeZone, slug: organization.slug }
}

type Preview = Extract<ManualListPreview, { ok: true }>

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'surveys.manage')
  const t = translator(locale)
  const campaignId = args.params.campaignId
  if (!(await manualListCampaign(ctx, organization.id, campaignId))) notFound()
  const form = await readManualListForm(args.request)
  if (!form.ok) return data({ formError: t(`surveyRecipients:errors.${form.error}`), preview: null as Preview | null }, { status: 400 })

  if (form.intent === 'confirm') {
    const result = await addManualList(ctx, { organizationId: organization.id, actorUserId: user.id }, campaignId, form.text)
    if (result.ok) return redirect(`/app/${organization.slug}/surveys/campaigns/${campaignId}/recipients?added=${result.added}&skipped=${result.skipped}`)
    if (result.error === 'notFound') notFound()
    if (result.error !== 'hasErrors') return data({ formError: refusalMessage(t, result.error), preview: null }, { status: 409 })
  }
  const preview = await previewManualList(ctx, organization.id, campaignId, form.text)
  if (!preview.ok) {
    if (preview.error === 'notFound') notFound()
    return data({ formError: refusalMessage(t, preview.error), preview: null }, { status: preview.error === 'tooManyRows' ? 400 : 409 })
  }
  const hasErrors = preview.errors.length > 0
  return data({ formError: hasErrors ? t('surveyRecipients:errors.hasErrors', { count: preview.errors.length }) : undefined, preview }, { status: hasErrors ? 400 : 200 })
}

function refusalMessage(t: ReturnType<typeof translator>, error: 'notManual' | 'notOpen' | 'tooManyRows') {
  return error === 'tooManyRows' ? t('surveyRecipients:errors.tooManyRows') : t(`surveyRecipients:refused.${error}`)
}

const KNOWN_ROW_ERRORS = new Set(['phoneInvalid', 'emailInvalid', 'contactRequired', 'departmentUnknown', 'departmentOutsideCampaign', 'languageInvalid', 'tooLong'])

function RowErrors({ errors }: { errors: ListRowError[] }) {
  const { t } = useTranslation('surveyRecipients')
  return (
    <RowErrorsTable
      errors={errors}
      headings={{ row: t('preview.row'), field: t('preview.field'), problem: t('preview.problem') }}
      fieldLabel={(e) => t(`fields.${e.field}`)}
      problemLabel={(e) => (KNOWN_ROW_ERRORS.has(e.code) ? t(`rowErrors.${e.code as 'phoneInvalid'}`) : t('rowErrors.other'))}
    />
  )
}

function PreviewPeople({ preview, locale, timeZone }: { preview: Preview; locale: Locale; timeZone: string }) {
  const { t } = useTranslation('surveyRecipients')
  const en = locale === 'en'
  return (
    <>
      <p>{t('preview.firstRows', { count: preview.people.length })}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('preview.row')}</th>
              <th scope="col">{t('preview.name')}</th>
              <th scope="col">{t('preview.contact')}</th>
              <th scope="col">{t('preview.department')}</th>
              <th scope="col">{t('preview.language')}</th>
              <th scope="col">{t('preview.outcome')}</th>
              <th scope="col">{t('preview.sendAt')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.people.map((p) => (
              <tr key={p.row} data-person-row={p.row} data-outcome={p.outcome}>
                <td>{p.row}</td>
                <td>{p.name ?? ''}</td>
                <td>{p.contact}</td>
                <td>{p.department ? (en ? (p.department.nameEn ?? p.department.name) : p.department.name) : ''}</td>
                <td>{t(`preview.languages.${p.locale}`)}</td>
                <td>{t(`preview.outcomes.${p.outcome}`)}</td>
                <td>{p.sendAt ? formatDateTime(p.sendAt, locale, timeZone) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

export default function CampaignRecipients() {
  const { campaign, timeZone, slug } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation('surveyRecipients')
  const { t: tSurveys } = useTranslation('surveys')
  const locale: Locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  const preview = actionData?.preview ?? null
  const delay = minutesToDuration(campaign.delayMinutes)
  const delayText = campaign.delayMinutes === 0 ? t('delay.none') : delay.days ? t('delay.days', { days: delay.days, hours: delay.hours }) : t('delay.hours', { hours: delay.hours })
  const added = params.get('added')
  return (
    <section data-campaign-status={campaign.status}>
      <p>
        <Link to={`/app/${slug}/surveys/campaigns/${campaign.id}`}>← {t('back')}</Link>
      </p>
      <h1>{t('title')}</h1>
      <p>
        {t('campaign', { name: campaign.name })} · {tSurveys(`campaigns.statuses.${campaign.status}`)}
      </p>
      {added !== null ? (
        <p className="notice" role="status" data-added={added}>
          {t('done', { added: Number(added) || 0, skipped: Number(params.get('skipped')) || 0 })}
        </p>
      ) : null}
      {campaign.refusal ? (
        <p className="warning" role="alert">
          {t(`refused.${campaign.refusal === 'notManual' ? 'notManual' : 'notOpen'}`)}
        </p>
      ) : (
        <>
          <p className="muted">{t('intro')}</p>
          <p>{campaign.frequencyCapDays > 0 ? t('rules', { delay: delayText, cap: campaign.frequencyCapDays }) : t('rulesNoCap', { delay: delayText })}</p>
          <FormError message={actionData?.formError} />

          <Form method="post" encType="multipart/form-data" className="card" aria-label={t('form.title')}>
            <CsrfInput />
            <h2>{t('form.title')}</h2>
            <input type="hidden" name="intent" value="preview" />
            <TextAreaField label={t('form.list')} name="list" rows={8} defaultValue={preview?.text ?? ''} hint={t('form.listHint')} />
            <TextField label={t('form.file')} name="file" type="file" accept=".csv,text/csv" hint={t('form.fileHint')} />
            <button type="submit">{t('form.preview')}</button>
          </Form>

          {preview ? (
            <div className="card" data-preview>
              <h2>{t('preview.title')}</h2>
              {preview.errors.length ? (
                <>
                  <h3>{t('preview.errorsTitle')}</h3>
                  <p className="warning">{t('preview.errorsIntro')}</p>
                  <RowErrors errors={preview.errors} />
                </>
              ) : (
                <>
                  <p data-counts={JSON.stringify(preview.counts)}>{t('preview.summary', { rows: preview.dataRows, ...preview.counts })}</p>
                  {preview.people.length ? <PreviewPeople preview={preview} locale={locale} timeZone={timeZone} /> : null}
                  {preview.counts.invite > 0 ? (
                    <Form method="post" encType="multipart/form-data">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="confirm" />
                      {/* The list goes back as posted: the server parses and checks it again inside the transaction. */}
                      <textarea name="list" hidden readOnly value={preview.text} />
                      <button type="submit">{t('preview.confirm', { count: preview.counts.invite })}</button>
                    </Form>
                  ) : (
                    <p>{t('preview.nothingToAdd')}</p>
                  )}
                </>
              )}
            </div>
          ) : null}
        </>
      )}
    </section>
  )
}
