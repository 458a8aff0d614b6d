import { useTranslation } from 'react-i18next'
import { data, Form, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/settings'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, SelectField, TextField } from '#app/components/forms/field.tsx'
import { LOCALES } from '#app/domain/locales.ts'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors, type FieldErrors } from '#app/lib/form-errors.ts'
import { translator } from '#app/lib/i18n.ts'
import { getSettings, settingsInputSchema, smsWebhookUrl, timeZoneOptions, updateSettings } from '#app/services/settings.server.ts'
import { loadSlaSettings, saveSlaSettings, SLA_FORM_FIELDS } from '#app/services/sla-settings.server.ts'
import type { SlaSettingsView } from '#app/services/sla-settings.server.ts'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership, locale } = await requireHospitalAccess(args, 'settings.view')
  const [settings, sla] = await Promise.all([getSettings(ctx, { organizationId: organization.id }), loadSlaSettings(ctx, organization.id)])
  return {
    settings,
    sla: { fields: SLA_FORM_FIELDS, values: sla.values, defaults: sla.defaults, isDefault: sla.isDefault },
    timeZones: timeZoneOptions(ctx, locale, settings.timeZone),
    canManage: can(membership.role, 'settings.manage'),
    smsWebhookUrl: smsWebhookUrl(ctx),
  }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'settings.manage')
  const t = translator(locale)
  const form = Object.fromEntries(await args.request.formData())
  const actor = { organizationId: organization.id, actorUserId: user.id }
  if (form.intent === 'sla') {
    const saved = await saveSlaSettings(ctx, actor, form)
    if (!saved.ok) {
      const errors: FieldErrors = Object.fromEntries(Object.entries(saved.errors).map(([field, key]) => [field, String(t(key as never))]))
      return data({ intent: 'sla' as const, errors, values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
    }
    return redirect(`/app/${organization.slug}/admin/settings?${saved.changed ? 'slaSaved' : 'slaUnchanged'}=1#sla`)
  }
  const parsed = settingsInputSchema.safeParse(form)
  if (!parsed.success) return data({ intent: 'general' as const, errors: toFieldErrors(parsed.error, locale), values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  const saved = await updateSettings(ctx, actor, parsed.data)
  if (!saved.ok) {
    const errors: FieldErrors = { [saved.field]: t(saved.error) }
    return data({ intent: 'general' as const, errors, values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  }
  return redirect(`/app/${organization.slug}/admin/settings?${saved.changed ? 'saved' : 'unchanged'}=1`)
}

export default function Settings() {
  const { settings, sla, timeZones, canManage, smsWebhookUrl } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const actionData = result?.intent === 'general' ? result : undefined
  const [params] = useSearchParams()
  const { t } = useTranslation(['settings', 'common', 'evaluation'])
  const values = (actionData?.values as Record<string, string> | undefined) ?? {
    ...settings,
    smsNumber: settings.smsNumber ?? '',
    intakeLimitPerHour: String(settings.intakeLimitPerHour),
    smsAttachWindowDays: String(settings.smsAttachWindowDays),
  }
  const timeZoneLabel = timeZones.find((z) => z.value === settings.timeZone)?.label ?? settings.timeZone
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <p>
        <a href="boards" data-link="board-settings">
          {t('evaluation:settingsLink')}
        </a>
      </p>
      {params.get('saved') ? (
        <p className="notice" role="status">
          {t('saved')}
        </p>
      ) : null}
      {params.get('unchanged') ? (
        <p className="notice" role="status">
          {t('unchanged')}
        </p>
      ) : null}

      {canManage ? (
        <Form method="post" className="card form">
          <CsrfInput />
          <FormError message={actionData?.formError} />
          <TextField label={t('fields.slug')} name="slug" value={settings.slug} readOnly />
          <TextField label={t('fields.name')} name="name" required maxLength={80} defaultValue={values.name ?? ''} error={actionData?.errors?.name} />
          <TextField label={t('fields.nameEn')} name="nameEn" maxLength={120} defaultValue={values.nameEn ?? ''} error={actionData?.errors?.nameEn} hint={t('fields.nameEnHint')} lang="en" />
          <SelectField label={t('fields.timeZone')} name="timeZone" required defaultValue={values.timeZone ?? 'Asia/Shanghai'} error={actionData?.errors?.timeZone} hint={t('fields.timeZoneHint')}>
            {timeZones.map((z) => (
              <option key={z.value} value={z.value}>
                {z.label}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('fields.defaultLocale')} name="defaultLocale" required defaultValue={values.defaultLocale ?? 'zh-CN'} error={actionData?.errors?.defaultLocale} hint={t('fields.defaultLocaleHint')}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`common:language.${l}`)}
              </option>
            ))}
          </SelectField>
          <h2>{t('sms.heading')}</h2>
          <TextField
            label={t('fields.smsNumber')}
            name="smsNumber"
            type="tel"
            inputMode="tel"
            maxLength={20}
            placeholder="+8610xxxxxxxx"
            defaultValue={values.smsNumber ?? ''}
            error={actionData?.errors?.smsNumber}
            hint={t('fields.smsNumberHint', { url: smsWebhookUrl })}
          />
          <TextField
            label={t('fields.smsAttachWindowDays')}
            name="smsAttachWindowDays"
            type="number"
            inputMode="numeric"
            required
            min={1}
            max={90}
            defaultValue={values.smsAttachWindowDays ?? ''}
            error={actionData?.errors?.smsAttachWindowDays}
            hint={t('fields.smsAttachWindowDaysHint')}
          />
          <TextField
            label={t('fields.intakeLimitPerHour')}
            name="intakeLimitPerHour"
            type="number"
            inputMode="numeric"
            required
            min={1}
            max={1000}
            defaultValue={values.intakeLimitPerHour ?? ''}
            error={actionData?.errors?.intakeLimitPerHour}
            hint={t('fields.intakeLimitPerHourHint')}
          />
          <button type="submit" className="primary">
            {t('common:actions.save')}
          </button>
        </Form>
      ) : (
        <div className="card">
          <p className="muted">{t('readOnly')}</p>
          <dl>
            <dt>{t('fields.slug')}</dt>
            <dd>{settings.slug}</dd>
            <dt>{t('fields.name')}</dt>
            <dd>{settings.name}</dd>
            <dt>{t('fields.nameEn')}</dt>
            <dd lang={settings.nameEn ? 'en' : undefined}>{settings.nameEn ?? t('notSet')}</dd>
            <dt>{t('fields.timeZone')}</dt>
            <dd>{timeZoneLabel}</dd>
            <dt>{t('fields.defaultLocale')}</dt>
            <dd>{t(`common:language.${settings.defaultLocale}`)}</dd>
            <dt>{t('fields.smsNumber')}</dt>
            <dd>{settings.smsNumber ?? t('notSet')}</dd>
            <dt>{t('fields.smsAttachWindowDays')}</dt>
            <dd>{settings.smsAttachWindowDays}</dd>
            <dt>{t('fields.intakeLimitPerHour')}</dt>
            <dd>{settings.intakeLimitPerHour}</dd>
          </dl>
        </div>
      )}

      <SlaSection sla={sla} canManage={canManage} problem={result?.intent === 'sla' ? result : undefined} />
    </section>
  )
}

type SlaPageData = Pick<SlaSettingsView, 'values' | 'defaults' | 'isDefault'> & { fields: readonly (keyof SlaSettingsView['values'])[] }

/** The hospital's SLA time limits: a form for the admin, the values with their defaults for leadership. */
function SlaSection({ sla, canManage, problem }: { sla: SlaPageData; canManage: boolean; problem: { errors: Record<string, string>; values: Record<string, unknown>; formError: string } | undefined }) {
  const { t } = useTranslation(['settings', 'common'])
  const [params] = useSearchParams()
  const typed = (field: string) => (problem ? String(problem.values[field] ?? '') : String(sla.values[field as keyof typeof sla.values]))
  return (
    <section id="sla" aria-labelledby="sla-title" className="card">
      <h2 id="sla-title">{t('sla.heading')}</h2>
      <p className="muted">{t('sla.intro')}</p>
      <p className="warning" role="note" data-sla-applies-to-new="true">
        {t('sla.appliesToNew')}
      </p>
      {params.get('slaSaved') ? (
        <p className="notice" role="status">
          {t('sla.saved')}
        </p>
      ) : null}
      {params.get('slaUnchanged') ? (
        <p className="notice" role="status">
          {t('sla.unchanged')}
        </p>
      ) : null}
      {canManage ? (
        <Form method="post" className="form" key={problem ? 'retry' : 'fresh'}>
          <CsrfInput />
          <input type="hidden" name="intent" value="sla" />
          <FormError message={problem?.formError} />
          {sla.fields.map((field) => (
            <TextField
              key={field}
              label={t(`sla.fields.${field}`)}
              name={field}
              type="number"
              inputMode="numeric"
              required
              min={1}
              max={field === 'warnAtPercent' ? 99 : field === 'urgentFirstContactWorkingHours' ? 48 : 60}
              step={1}
              defaultValue={typed(field)}
              error={problem?.errors[field]}
              hint={`${t(`sla.hints.${field}`)} ${t('sla.defaultHint', { value: sla.defaults[field] })}`}
            />
          ))}
          <button type="submit" className="primary">
            {t('sla.submit')}
          </button>
        </Form>
      ) : (
        <>
          <p className="muted">{t('sla.readOnly')}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('sla.columns.setting')}</th>
                  <th scope="col">{t('sla.columns.value')}</th>
                  <th scope="col">{t('sla.columns.default')}</th>
                </tr>
              </thead>
              <tbody>
                {sla.fields.map((field) => (
                  <tr key={field} data-sla-field={field} data-default={String(sla.isDefault[field])}>
                    <th scope="row">{t(`sla.fields.${field}`)}</th>
                    <td>
                      {sla.values[field]}
                      {sla.isDefault[field] ? null : (
                        <>
                          {' '}
                          <span className="pill">{t('sla.changed')}</span>
                        </>
                      )}
                    </td>
                    <td>{sla.defaults[field]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
