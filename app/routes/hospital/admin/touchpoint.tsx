import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/touchpoint'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError } from '#app/components/forms/field.tsx'
import { TouchpointFields } from '#app/components/forms/touchpoint-fields.tsx'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { editTouchpoint, getTouchpoint, regenerateTouchpointCode, touchpointInputSchema } from '#app/services/touchpoints.server.ts'
import { useHospital } from '../layout.tsx'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'touchpoints.manage')
  const found = await getTouchpoint(ctx, { organizationId: organization.id, touchpointId: args.params.touchpointId })
  if (!found) notFound()
  return found
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'touchpoints.manage')
  const t = translator(locale)
  const actor = { organizationId: organization.id, actorUserId: user.id }
  const { touchpointId } = args.params
  const form = Object.fromEntries(await args.request.formData())
  const base = `/app/${organization.slug}/admin/touchpoints`

  if (form.intent === 'regenerateCode') {
    if (form.confirm !== 'on') {
      return data({ intent: 'regenerateCode' as const, errors: { confirm: t('touchpoints:code.confirmRequired') } as Record<string, string>, values: form, formError: undefined }, { status: 400 })
    }
    const result = await regenerateTouchpointCode(ctx, actor, touchpointId)
    if (!result.ok) notFound()
    return redirect(`${base}/${touchpointId}?regenerated=1`)
  }

  const parsed = touchpointInputSchema.safeParse(form)
  if (!parsed.success) return data({ intent: 'save' as const, errors: toFieldErrors(parsed.error, locale), values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  const result = await editTouchpoint(ctx, actor, touchpointId, parsed.data)
  if (!result.ok) {
    if (result.error === 'notFound') notFound()
    const field = result.error === 'duplicateName' ? 'name' : 'departmentId'
    return data({ intent: 'save' as const, errors: { [field]: t(`touchpoints:errors.${result.error}`) }, values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  }
  return redirect(`${base}?${new URLSearchParams({ saved: result.name })}`)
}

export default function TouchpointEdit() {
  const { touchpoint, patientUrl, departmentOptions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t } = useTranslation(['touchpoints', 'common'])
  const { hospital } = useHospital()
  const saveData = actionData?.intent === 'save' ? actionData : undefined
  const regenerateData = actionData?.intent === 'regenerateCode' ? actionData : undefined
  const values = (saveData?.values as Record<string, string> | undefined) ?? touchpoint
  const active = saveData ? saveData.values.active === 'on' : touchpoint.active
  const files = `/app/${hospital.slug}/admin/touchpoints/${touchpoint.id}`
  return (
    <section>
      <p>
        <Link to={`/app/${hospital.slug}/admin/touchpoints`}>← {t('title')}</Link>
      </p>
      <h1>{t('editTitle', { name: touchpoint.name })}</h1>
      {params.get('regenerated') ? (
        <p className="notice" role="status">
          {t('code.regenerated', { code: touchpoint.publicCode })}
        </p>
      ) : null}

      <Form method="post" className="card form">
        <CsrfInput />
        <input type="hidden" name="intent" value="save" />
        <FormError message={saveData?.formError} />
        <TouchpointFields values={values} errors={saveData?.errors} departments={departmentOptions} />
        <div className="field checkbox">
          <label>
            <input type="checkbox" name="active" defaultChecked={active} /> {t('fields.active')}
          </label>
        </div>
        <button type="submit" className="primary">
          {t('common:actions.save')}
        </button>
      </Form>

      <section className="card" aria-labelledby="touchpoint-posters">
        <h2 id="touchpoint-posters">{t('posters.title')}</h2>
        <p className="hint">{t('posters.intro')}</p>
        {touchpoint.active ? null : <p className="warning">{t('posters.inactive')}</p>}
        <img src={`${files}/qr/svg`} alt={t('posters.previewAlt', { name: touchpoint.name })} width={200} height={200} />
        <ul>
          <li>
            <a href={`${files}/qr/png`} download>
              {t('posters.png')}
            </a>
          </li>
          <li>
            <a href={`${files}/qr/svg`} download>
              {t('posters.svg')}
            </a>
          </li>
          <li>
            <a href={`${files}/poster/a4`}>{t('posters.a4')}</a>
          </li>
          <li>
            <a href={`${files}/poster/a5`}>{t('posters.a5')}</a>
          </li>
        </ul>
      </section>

      <section className="card form" aria-labelledby="touchpoint-code">
        <h2 id="touchpoint-code">{t('code.title')}</h2>
        <dl>
          <dt>{t('code.current')}</dt>
          <dd>
            <code>{touchpoint.publicCode}</code>
          </dd>
          <dt>{t('code.url')}</dt>
          <dd style={{ wordBreak: 'break-all' }}>{patientUrl}</dd>
        </dl>
        <Form method="post" aria-labelledby="regenerate-code">
          <h3 id="regenerate-code">{t('code.regenerateTitle')}</h3>
          <p className="warning">{t('code.regenerateWarning')}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="regenerateCode" />
          <div className={`field checkbox${regenerateData ? ' has-error' : ''}`}>
            <label>
              <input type="checkbox" name="confirm" required aria-invalid={regenerateData ? true : undefined} aria-describedby={regenerateData ? 'confirm-error' : undefined} />{' '}
              {t('code.confirm')}
            </label>
            {regenerateData?.errors.confirm ? (
              <p className="error" id="confirm-error" role="alert">
                {regenerateData.errors.confirm}
              </p>
            ) : null}
          </div>
          <button type="submit" className="secondary">
            {t('code.regenerate')}
          </button>
        </Form>
      </section>
    </section>
  )
}
