import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/intake-new'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, SelectField, TextField } from '#app/components/forms/field.tsx'
import { useDepartmentLabel } from '#app/components/forms/touchpoint-fields.tsx'
import { CATEGORIES, FORM_KINDS, STAFF_CHANNELS, TEXT_MAX } from '#app/domain/intake.ts'
import { staffIntakeSchema } from '#app/domain/intake-form.ts'
import { LOCALES } from '#app/domain/locales.ts'
import { requireHospitalAccess, type HospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { translator } from '#app/lib/i18n.ts'
import { enterStaffSubmission, praisedStaffSchema, staffIntakeFormOptions } from '#app/services/staff-intake.server.ts'
import { useHospital } from './layout.tsx'
import { ReceiptDetails } from './intake-receipt.tsx'

const actorOf = ({ organization, user, membership }: HospitalAccess) => ({ organizationId: organization.id, userId: user.id, role: membership.role, departmentIds: membership.departmentIds })

export async function loader(args: Route.LoaderArgs) {
  const access = await requireHospitalAccess(args, 'intake.create')
  return staffIntakeFormOptions(access.ctx, actorOf(access))
}

export async function action(args: Route.ActionArgs) {
  const access = await requireHospitalAccess(args, 'intake.create')
  const t = translator(access.locale)
  const values = Object.fromEntries([...(await args.request.formData())].filter(([k, v]) => k !== 'csrf' && typeof v === 'string')) as Record<string, string>
  const parsed = staffIntakeSchema.safeParse(values)
  const praised = praisedStaffSchema.safeParse(values)
  if (!parsed.success || !praised.success) {
    const errors: Record<string, string> = {
      ...(praised.success ? {} : toFieldErrors(praised.error, access.locale)),
      ...(parsed.success ? {} : toFieldErrors(parsed.error, access.locale)),
    }
    return data({ receipt: null, errors, values, formError: t('common:errors.formHasErrors') }, { status: 400 })
  }
  const result = await enterStaffSubmission(access.ctx, actorOf(access), { ...parsed.data, ...praised.data })
  if (!result.ok) {
    const errors: Record<string, string> =
      result.error === 'departmentInvalid' ? { departmentId: t('intake:errors.departmentInvalid') } : { praisedUserId: t('staffIntake:errors.praisedStaffInvalid') }
    return data({ receipt: null, errors, values, formError: t('common:errors.formHasErrors') }, { status: 400 })
  }
  // Rendered here, not redirected to: the tracking token exists only now and must not go into a URL.
  return { receipt: result.receipt, errors: undefined, values: undefined, formError: undefined }
}

export default function IntakeNew() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation(['staffIntake', 'common'])
  const { hospital } = useHospital()
  if (actionData?.receipt) {
    const receipt = actionData.receipt
    return (
      <section>
        <h1>{t('receipt.title')}</h1>
        <p className="notice" role="status">
          {t('receipt.recorded', { number: receipt.number })}
          {receipt.contactPhone || receipt.contactEmail ? ` ${t('receipt.receiptQueued')}` : ''}
        </p>
        <ReceiptDetails receipt={receipt} />
        <p>
          <Link to={`/app/${hospital.slug}/intake/new`} className="button primary">
            {t('receipt.another')}
          </Link>{' '}
          <Link to={`/app/${hospital.slug}/intake/${receipt.submissionId}`}>{t('receipt.open')}</Link>
        </p>
      </section>
    )
  }
  return <IntakeForm values={actionData?.values} errors={actionData?.errors} formError={actionData?.formError} />
}

function IntakeForm({ values: typed, errors, formError }: { values: Record<string, string> | undefined; errors: Record<string, string> | undefined; formError: string | undefined }) {
  const { departmentOptions, staffOptions, defaultDepartmentId } = useLoaderData<typeof loader>()
  const { t } = useTranslation(['staffIntake', 'intake', 'common'])
  const departmentLabel = useDepartmentLabel()
  const departmentName = (d: { name: string; nameEn: string | null }) => departmentLabel({ ...d, depth: 0, active: true, id: '' })
  const textId = useId()
  const values = typed ?? { channel: 'phone', kind: 'complaint', departmentId: defaultDepartmentId, locale: 'zh-CN' }
  return (
    <section>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <p className="hint">{t('duty')}</p>
      {/* A new key per server answer, so the fields show what was sent back rather than stale input. */}
      <Form method="post" className="card form" aria-label={t('title')} key={JSON.stringify(typed ?? {})}>
        <CsrfInput />
        <FormError message={formError} />
        <ChoiceGroup name="channel" legend={t('fields.channel')} choices={STAFF_CHANNELS.map((c) => [c, t(`intake:channels.${c}`)])} value={values.channel} error={errors?.channel} />
        <ChoiceGroup name="kind" legend={t('fields.kind')} choices={FORM_KINDS.map((k) => [k, t(`intake:kinds.${k}`)])} value={values.kind} error={errors?.kind} />
        <SelectField label={t('fields.category')} name="category" defaultValue={values.category ?? ''} error={errors?.category}>
          <option value="">{t('fields.noCategory')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`intake:categories.${c}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('fields.department')} name="departmentId" defaultValue={values.departmentId ?? ''} error={errors?.departmentId}>
          <option value="">{t('fields.noDepartment')}</option>
          {departmentOptions.map((d) => (
            <option key={d.id} value={d.id}>
              {departmentLabel(d)}
            </option>
          ))}
        </SelectField>
        <div className={`field${errors?.text ? ' has-error' : ''}`}>
          <label htmlFor={textId}>{t('fields.text')}</label>
          <textarea
            id={textId}
            name="text"
            rows={6}
            required
            maxLength={TEXT_MAX}
            defaultValue={values.text ?? ''}
            aria-invalid={errors?.text ? true : undefined}
            aria-describedby={`${textId}-hint${errors?.text ? ` ${textId}-error` : ''}`}
          />
          <p className="hint" id={`${textId}-hint`}>
            {t('fields.textHint', { max: TEXT_MAX })}
          </p>
          {errors?.text ? (
            <p className="error" id={`${textId}-error`} role="alert">
              {errors.text}
            </p>
          ) : null}
        </div>
        <fieldset className="field">
          <legend>{t('fields.praiseLegend')}</legend>
          <p className="hint">{t('fields.praiseHint')}</p>
          <SelectField label={t('fields.praisedUser')} name="praisedUserId" defaultValue={values.praisedUserId ?? ''} error={errors?.praisedUserId}>
            <option value="">{t('fields.noPraisedUser')}</option>
            {staffOptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.departments.length ? t('fields.staffOption', { name: s.name, departments: s.departments.map(departmentName).join(t('fields.listSeparator')) }) : s.name}
              </option>
            ))}
          </SelectField>
          <TextField label={t('fields.praisedStaffName')} name="praisedStaffName" maxLength={50} defaultValue={values.praisedStaffName ?? ''} error={errors?.praisedStaffName} />
        </fieldset>
        <fieldset className="field">
          <legend>{t('fields.contactLegend')}</legend>
          <p className="hint">{t('fields.contactHint')}</p>
          <TextField label={t('fields.contactName')} name="contactName" maxLength={50} autoComplete="off" defaultValue={values.contactName ?? ''} error={errors?.contactName} />
          <TextField label={t('fields.contactPhone')} name="contactPhone" type="tel" inputMode="tel" autoComplete="off" defaultValue={values.contactPhone ?? ''} error={errors?.contactPhone} />
          <TextField label={t('fields.contactEmail')} name="contactEmail" type="email" autoComplete="off" maxLength={200} defaultValue={values.contactEmail ?? ''} error={errors?.contactEmail} />
          <div className="field checkbox">
            <label>
              <input type="checkbox" name="consentToContact" defaultChecked={values.consentToContact === 'on'} /> {t('fields.consentToContact')}
            </label>
          </div>
        </fieldset>
        <SelectField label={t('fields.locale')} name="locale" defaultValue={values.locale ?? 'zh-CN'} error={errors?.locale} hint={t('fields.localeHint')}>
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {t(`common:language.${l}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="primary">
          {t('submit')}
        </button>
      </Form>
    </section>
  )
}

/** A radio group with its legend and announced error. */
function ChoiceGroup({ name, legend, choices, value, error }: { name: string; legend: string; choices: [string, string][]; value: string | undefined; error: string | undefined }) {
  const id = useId()
  return (
    <fieldset className={`field checkbox${error ? ' has-error' : ''}`} aria-describedby={error ? `${id}-error` : undefined} data-choices={name}>
      <legend>{legend}</legend>
      <div>
        {choices.map(([v, label]) => (
          <label key={v}>
            <input type="radio" name={name} value={v} defaultChecked={value === v} required /> {label}
          </label>
        ))}
      </div>
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}
