import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/touchpoints'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, SelectField } from '#app/components/forms/field.tsx'
import { TouchpointFields, useDepartmentLabel } from '#app/components/forms/touchpoint-fields.tsx'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { translator } from '#app/lib/i18n.ts'
import { countDepartmentPosters } from '#app/services/touchpoint-posters.server.ts'
import { createTouchpoint, listTouchpointsPage, touchpointFilterSchema, touchpointInputSchema } from '#app/services/touchpoints.server.ts'
import { useHospital } from '../layout.tsx'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership } = await requireHospitalAccess(args, 'touchpoints.view')
  const query = touchpointFilterSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const page = await listTouchpointsPage(ctx, { organizationId: organization.id, departmentId: query.department })
  const posterCount = page.filter ? await countDepartmentPosters(ctx, { organizationId: organization.id, departmentId: page.filter }) : 0
  return { ...page, posterCount, canManage: can(membership.role, 'touchpoints.manage') }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'touchpoints.manage')
  const t = translator(locale)
  const form = Object.fromEntries(await args.request.formData())
  const parsed = touchpointInputSchema.safeParse(form)
  if (!parsed.success) return data({ errors: toFieldErrors(parsed.error, locale), values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  const result = await createTouchpoint(ctx, { organizationId: organization.id, actorUserId: user.id }, parsed.data)
  if (!result.ok) {
    const field = result.error === 'duplicateName' ? 'name' : 'departmentId'
    return data({ errors: { [field]: t(`touchpoints:errors.${result.error}`) }, values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  }
  const params = new URLSearchParams({ created: parsed.data.name, code: result.publicCode })
  return redirect(`/app/${organization.slug}/admin/touchpoints?${params}`)
}

export default function Touchpoints() {
  const { touchpoints, filterOptions, departmentOptions, filter, posterCount, canManage } = useLoaderData<typeof loader>()
  const { hospital } = useHospital()
  const admin = `/app/${hospital.slug}/admin`
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation(['touchpoints', 'common'])
  const departmentLabel = useDepartmentLabel()
  const created = params.get('created')
  const saved = params.get('saved')
  const filteredDepartment = filter ? filterOptions.find((d) => d.id === filter) : undefined
  const inEnglish = i18n.language === 'en'
  const values = (actionData?.values as Record<string, string> | undefined) ?? { departmentId: filter ?? '' }
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {created ? (
        <p className="notice" role="status">
          {t('created', { name: created, code: params.get('code') ?? '' })}
        </p>
      ) : null}
      {saved ? (
        <p className="notice" role="status">
          {t('saved', { name: saved })}
        </p>
      ) : null}

      <Form method="get" className="card" aria-label={t('filter.legend')}>
        <SelectField label={t('filter.department')} name="department" defaultValue={filter ?? ''} key={filter ?? 'all'}>
          <option value="">{t('filter.all')}</option>
          {filterOptions.map((d) => (
            <option key={d.id} value={d.id}>
              {departmentLabel(d)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="secondary">
          {t('filter.apply')}
        </button>
        {filteredDepartment ? (
          <p className="muted">
            {t('filter.showing', { department: inEnglish && filteredDepartment.nameEn ? filteredDepartment.nameEn : filteredDepartment.name })}{' '}
            <Link to=".">{t('filter.clear')}</Link>
          </p>
        ) : null}
      </Form>
      {filteredDepartment && posterCount > 0 ? (
        <p>
          {t('posters.printDepartment', { department: inEnglish && filteredDepartment.nameEn ? filteredDepartment.nameEn : filteredDepartment.name })}{' '}
          <a href={`${admin}/departments/${filteredDepartment.id}/posters/a4`}>{t('posters.a4')}</a> · <a href={`${admin}/departments/${filteredDepartment.id}/posters/a5`}>{t('posters.a5')}</a>
        </p>
      ) : null}

      {touchpoints.length === 0 ? (
        <p>{filter ? t('emptyFiltered') : t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('columns.name')}</th>
                <th scope="col">{t('columns.nameEn')}</th>
                <th scope="col">{t('columns.department')}</th>
                <th scope="col">{t('columns.code')}</th>
                <th scope="col">{t('columns.url')}</th>
                <th scope="col">{t('columns.status')}</th>
                <th scope="col">{t('posters.column')}</th>
              </tr>
            </thead>
            <tbody>
              {touchpoints.map((tp) => (
                <tr key={tp.id} className={tp.active ? undefined : 'inactive'}>
                  <td>{canManage ? <Link to={tp.id}>{tp.name}</Link> : tp.name}</td>
                  <td lang="en">{tp.nameEn ?? ''}</td>
                  <td>{inEnglish && tp.departmentNameEn ? tp.departmentNameEn : tp.departmentName}</td>
                  <td>
                    <code>{tp.publicCode}</code>
                  </td>
                  <td style={{ wordBreak: 'break-all' }}>{tp.patientUrl}</td>
                  <td>{tp.active ? t('common:status.active') : t('common:status.inactive')}</td>
                  <td>
                    {(['png', 'svg', 'a4', 'a5'] as const).map((f, i) => (
                      <span key={f}>
                        {i > 0 ? ' · ' : null}
                        <a href={`${admin}/touchpoints/${tp.id}/${f.startsWith('a') ? 'poster' : 'qr'}/${f}`} aria-label={t('posters.linkLabel', { name: tp.name, format: t(`posters.${f}`) })}>
                          {t(`posters.formats.${f}`)}
                        </a>
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canManage ? (
        <Form method="post" className="card form" aria-labelledby="create-touchpoint">
          <h2 id="create-touchpoint">{t('createTitle')}</h2>
          <p className="hint">{t('createHint')}</p>
          <CsrfInput />
          <FormError message={actionData?.formError} />
          <TouchpointFields key={actionData ? 'retry' : (filter ?? 'fresh')} values={values} errors={actionData?.errors} departments={departmentOptions} />
          <button type="submit" className="primary">
            {t('common:actions.create')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
