import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { ChoiceFieldset, FormError, SelectField, TextField } from '#app/components/forms/field.tsx'
import { useDepartmentLabel, type DepartmentOption } from '#app/components/forms/touchpoint-fields.tsx'
import { CAMPAIGN_TRIGGERS, CHANNEL_PREFERENCES } from '#app/domain/survey-campaign-settings.ts'

export interface CampaignFormValues {
  name: string
  templateId: string
  trigger: string
  channelPreference: string
  delayDays: string
  delayHours: string
  allowedFrom: string
  allowedUntil: string
  reminderDays: string
  reminderHours: string
  noReminder: string
  expiryDays: string
  expiryHours: string
  frequencyCapDays: string
  departmentIds: string[]
}
export interface CampaignTemplateOption {
  id: string
  name: string
  nameEn: string | null
  version: number
}

/** Days + hours inputs under one legend, with the duration's error. */
function DurationField({ legend, prefix, values, error, hint, children }: { legend: string; prefix: 'delay' | 'reminder' | 'expiry'; values: CampaignFormValues; error?: string | undefined; hint?: string; children?: ReactNode }) {
  const { t } = useTranslation('surveys')
  return (
    <ChoiceFieldset legend={legend} hint={hint} error={error} kind="duration" dataField={prefix}>
      <label>
        <input type="number" name={`${prefix}Days`} min={0} max={60} step={1} inputMode="numeric" defaultValue={values[`${prefix}Days`]} aria-invalid={error ? true : undefined} /> {t('campaigns.form.days')}
      </label>{' '}
      <label>
        <input type="number" name={`${prefix}Hours`} min={0} max={23} step={1} inputMode="numeric" defaultValue={values[`${prefix}Hours`]} aria-invalid={error ? true : undefined} /> {t('campaigns.form.hours')}
      </label>
      {children}
    </ChoiceFieldset>
  )
}

/**
 * The campaign settings form (plain POST): new campaigns (intent=create, with a
 * "use the defaults for this trigger" button) and a draft's settings (intent=settings).
 */
export function CampaignForm({
  mode,
  values,
  errors,
  formError,
  templates,
  departments,
}: {
  mode: 'create' | 'settings'
  values: CampaignFormValues
  errors: Record<string, string> | undefined
  formError: string | undefined
  templates: CampaignTemplateOption[]
  departments: DepartmentOption[]
}) {
  const { t, i18n } = useTranslation(['surveys', 'common'])
  const departmentLabel = useDepartmentLabel()
  const en = i18n.language === 'en'
  return (
    <Form method="post" className="card form" aria-labelledby={`campaign-${mode}-title`} data-campaign-form={mode}>
      <h2 id={`campaign-${mode}-title`}>{mode === 'create' ? t('campaigns.form.newTitle') : t('campaigns.form.editTitle')}</h2>
      <p className="hint">{mode === 'create' ? t('campaigns.form.newHint') : t('campaigns.form.editHint')}</p>
      <CsrfInput />
      <FormError message={formError} />
      <TextField label={t('campaigns.form.name')} name="name" required maxLength={100} defaultValue={values.name} error={errors?.name} />
      <SelectField label={t('campaigns.form.template')} name="templateId" required defaultValue={values.templateId} error={errors?.templateId} hint={templates.length ? t('campaigns.form.templateHint') : t('campaigns.form.noTemplates')}>
        <option value="">{t('campaigns.form.chooseTemplate')}</option>
        {templates.map((tpl) => (
          <option key={tpl.id} value={tpl.id}>
            {en && tpl.nameEn ? tpl.nameEn : tpl.name}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('campaigns.form.trigger')} name="trigger" required defaultValue={values.trigger} error={errors?.trigger}>
        {CAMPAIGN_TRIGGERS.map((trigger) => (
          <option key={trigger} value={trigger}>
            {t(`campaigns.triggers.${trigger}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('campaigns.form.channel')} name="channelPreference" required defaultValue={values.channelPreference} error={errors?.channelPreference}>
        {CHANNEL_PREFERENCES.map((c) => (
          <option key={c} value={c}>
            {t(`campaigns.channels.${c}`)}
          </option>
        ))}
      </SelectField>
      <DurationField legend={t('campaigns.form.delay')} prefix="delay" values={values} error={errors?.delay} />
      <TextField label={t('campaigns.form.allowedFrom')} name="allowedFrom" type="time" required defaultValue={values.allowedFrom} error={errors?.allowedFrom} />
      <TextField label={t('campaigns.form.allowedUntil')} name="allowedUntil" type="time" required defaultValue={values.allowedUntil} error={errors?.allowedUntil} hint={t('campaigns.form.allowedHint')} />
      <DurationField legend={t('campaigns.form.reminder')} prefix="reminder" values={values} error={errors?.reminder} hint={t('campaigns.form.reminderHint')}>
        {' '}
        <label>
          <input type="checkbox" name="noReminder" value="on" defaultChecked={values.noReminder !== ''} /> {t('campaigns.form.noReminder')}
        </label>
      </DurationField>
      <DurationField legend={t('campaigns.form.expiry')} prefix="expiry" values={values} error={errors?.expiry} />
      <TextField
        label={t('campaigns.form.frequencyCap')}
        name="frequencyCapDays"
        type="number"
        inputMode="numeric"
        required
        min={0}
        max={365}
        step={1}
        defaultValue={values.frequencyCapDays}
        error={errors?.frequencyCapDays}
        hint={t('campaigns.form.frequencyCapHint')}
      />
      <SelectField label={t('campaigns.form.departments')} name="departmentIds" multiple size={Math.min(8, Math.max(3, departments.length))} defaultValue={values.departmentIds} error={errors?.departmentIds} hint={t('campaigns.form.departmentsHint')}>
        {departments.map((d) => (
          <option key={d.id} value={d.id}>
            {departmentLabel(d)}
          </option>
        ))}
      </SelectField>
      {/* The primary button comes first: Enter in a field submits the form with it. */}
      <button type="submit" name="intent" value={mode} className="primary">
        {mode === 'create' ? t('campaigns.form.create') : t('campaigns.form.save')}
      </button>
      {mode === 'create' ? (
        <>
          {' '}
          <button type="submit" name="intent" value="defaults" className="secondary" formNoValidate>
            {t('campaigns.form.useDefaults')}
          </button>
        </>
      ) : null}
    </Form>
  )
}
