import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/departments'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { DepartmentFields } from '#app/components/forms/department-fields.tsx'
import { FormError } from '#app/components/forms/field.tsx'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { translator } from '#app/lib/i18n.ts'
import { createDepartment, departmentInputSchema, listDepartmentTree } from '#app/services/departments.server.ts'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership } = await requireHospitalAccess(args, 'departments.view')
  const departments = await listDepartmentTree(ctx, { organizationId: organization.id })
  return { departments, canManage: can(membership.role, 'departments.manage') }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'departments.manage')
  const t = translator(locale)
  const form = Object.fromEntries(await args.request.formData())
  const parsed = departmentInputSchema.safeParse(form)
  if (!parsed.success) return data({ errors: toFieldErrors(parsed.error, locale), values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  const result = await createDepartment(ctx, { organizationId: organization.id, actorUserId: user.id }, parsed.data)
  if (!result.ok) {
    const field = result.error === 'duplicateName' ? 'name' : 'parentId'
    return data({ errors: { [field]: t(`departments:errors.${result.error}`) }, values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  }
  return redirect(`/app/${organization.slug}/admin/departments?created=${encodeURIComponent(parsed.data.name)}`)
}

export default function Departments() {
  const { departments, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t } = useTranslation(['departments', 'common'])
  const created = params.get('created')
  const byId = new Map(departments.map((d) => [d.id, d]))
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {created ? (
        <p className="notice" role="status">
          {t('created', { name: created })}
        </p>
      ) : null}
      {departments.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('columns.name')}</th>
                <th scope="col">{t('columns.nameEn')}</th>
                <th scope="col">{t('columns.type')}</th>
                <th scope="col">{t('columns.parent')}</th>
                <th scope="col">{t('columns.touchpoints')}</th>
                <th scope="col">{t('columns.status')}</th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d) => (
                <tr key={d.id} className={d.active ? undefined : 'inactive'}>
                  <td style={{ paddingInlineStart: `${0.5 + d.depth * 1.25}rem` }}>
                    {canManage ? <Link to={d.id}>{d.name}</Link> : d.name}
                  </td>
                  <td lang="en">{d.nameEn ?? ''}</td>
                  <td>{t(`common:departmentTypes.${d.type}`)}</td>
                  <td>{d.parentId ? (byId.get(d.parentId)?.name ?? '') : ''}</td>
                  <td className="num">{d.touchpointCount}</td>
                  <td>{d.active ? t('common:status.active') : t('common:status.inactive')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? (
        <Form method="post" className="card form" aria-labelledby="create-department">
          <h2 id="create-department">{t('createTitle')}</h2>
          <CsrfInput />
          <FormError message={actionData?.formError} />
          <DepartmentFields
            key={actionData ? 'retry' : 'fresh'}
            values={(actionData?.values as Record<string, string>) ?? {}}
            errors={actionData?.errors}
            parents={departments.filter((d) => d.active)}
          />
          <button type="submit" className="primary">
            {t('common:actions.create')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
