import { useTranslation } from 'react-i18next'
import { data, Form, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/board-settings'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { ChoiceFieldset, FormError, TextField } from '#app/components/forms/field.tsx'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { loadBoardSettings, saveBoardSettings, toBoardSettingsForm } from '#app/services/board-settings.server.ts'

/** /app/:org/admin/boards — evaluation weights, the public board switch, the minimum responses. */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership } = await requireHospitalAccess(args, 'settings.view')
  const settings = await loadBoardSettings(ctx, { organizationId: organization.id })
  return { form: toBoardSettingsForm(settings), canManage: can(membership.role, 'settings.manage'), publicBoardUrl: `/h/${organization.slug}/board` }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'settings.manage')
  const t = translator(locale)
  const form = Object.fromEntries(await args.request.formData())
  const saved = await saveBoardSettings(ctx, { organizationId: organization.id, actorUserId: user.id }, form)
  if (!saved.ok) {
    const errors = Object.fromEntries(Object.entries(saved.errors).map(([field, key]) => [field, String(t(key as never))]))
    return data({ errors, values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  }
  return redirect(`/app/${organization.slug}/admin/boards?${saved.changed ? 'saved' : 'unchanged'}=1`, { status: 303 })
}

export default function BoardSettingsPage() {
  const { form, canManage, publicBoardUrl } = useLoaderData<typeof loader>()
  const problem = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t } = useTranslation(['evaluation', 'common'])
  const typed = (field: 'satisfaction' | 'complaintRate' | 'onTime' | 'minResponses') => (problem ? String(problem.values[field] ?? '') : form[field])
  const publicBoard = problem ? problem.values.publicBoard === 'on' : form.publicBoard
  const weightFields = ['satisfaction', 'complaintRate', 'onTime'] as const
  return (
    <section>
      <h1>{t('settings.title')}</h1>
      <p className="muted">{t('settings.intro')}</p>
      {params.get('saved') ? (
        <p className="notice" role="status">
          {t('settings.saved')}
        </p>
      ) : null}
      {params.get('unchanged') ? (
        <p className="notice" role="status">
          {t('settings.unchanged')}
        </p>
      ) : null}
      {canManage ? (
        <Form method="post" className="card form" key={problem ? 'retry' : 'fresh'}>
          <CsrfInput />
          <FormError message={problem?.formError} />
          <ChoiceFieldset legend={t('settings.weightsLegend')} error={problem?.errors.sum} kind="duration" dataField="weights">
            {weightFields.map((field) => (
              <TextField
                key={field}
                label={t(`settings.${field}`)}
                name={field}
                type="number"
                inputMode="decimal"
                required
                min={0}
                max={100}
                step="any"
                defaultValue={typed(field)}
                error={problem?.errors[field]}
              />
            ))}
          </ChoiceFieldset>
          <div className="field checkbox">
            <label>
              <input type="checkbox" name="publicBoard" defaultChecked={publicBoard} /> {t('settings.publicBoard')}
            </label>
            <p className="hint">
              {t('settings.publicBoardHint')} <a href={publicBoardUrl}>{publicBoardUrl}</a>
            </p>
          </div>
          <TextField
            label={t('settings.minResponses')}
            name="minResponses"
            type="number"
            inputMode="numeric"
            required
            min={1}
            max={1000}
            step={1}
            defaultValue={typed('minResponses')}
            error={problem?.errors.minResponses}
            hint={t('settings.minResponsesHint')}
          />
          <button type="submit" className="primary">
            {t('settings.save')}
          </button>
        </Form>
      ) : (
        <div className="card">
          <p className="muted">{t('settings.readOnly')}</p>
          <dl>
            {weightFields.map((field) => (
              <div key={field}>
                <dt>{t(`settings.${field}`)}</dt>
                <dd>{form[field]}</dd>
              </div>
            ))}
            <dt>{t('settings.publicBoard')}</dt>
            <dd>{form.publicBoard ? t('common:actions.yes') : t('common:actions.no')}</dd>
            <dt>{t('settings.minResponses')}</dt>
            <dd>{form.minResponses}</dd>
          </dl>
        </div>
      )}
    </section>
  )
}
