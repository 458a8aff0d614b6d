import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/department'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { DepartmentFields } from '#app/components/forms/department-fields.tsx'
import { FormError, TextField } from '#app/components/forms/field.tsx'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { departmentInputSchema, editDepartment, getDepartment, listDepartmentTree } from '#app/services/departments.server.ts'
import { countDepartmentPosters } from '#app/services/touchpoint-posters.server.ts'
import { useHospital } from '../layout.tsx'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'departments.manage')
  const department = await getDepartment(ctx, { organizationId: organization.id, departmentId: args.params.departmentId })
  if (!department) notFound()
  const all = await listDepartmentTree(ctx, { organizationId: organization.id })
  const posterCount = await countDepartmentPosters(ctx, { organizationId: organization.id, departmentId: department.id })
  return { department, parents: all.filter((d) => d.active && d.id !== department.id), posterCount }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'departments.manage')
  const t = translator(locale)
  const form = Object.fromEntries(await args.request.formData())
  const parsed = departmentInputSchema.safeParse(form)
  if (!parsed.success) return data({ errors: toFieldErrors(parsed.error, locale), values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  const result = await editDepartment(ctx, { organizationId: organization.id, actorUserId: user.id }, args.params.departmentId, parsed.data)
  if (!result.ok) {
    if (result.error === 'notFound') notFound()
    const field = result.error === 'duplicateName' ? 'name' : 'parentId'
    return data({ errors: { [field]: t(`departments:errors.${result.error}`) }, values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  }
  return redirect(`/app/${organization.slug}/admin/departments`)
}

export default function DepartmentEdit() {
  const { department, parents, posterCount } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation(['departments', 'touchpoints', 'common'])
  const { hospital } = useHospital()
  const values = (actionData?.values as Record<string, string> | undefined) ?? department
  const active = actionData ? actionData.values.active === 'on' : department.active
  return (
    <section>
      <p>
        <Link to={`/app/${hospital.slug}/admin/departments`}>← {t('title')}</Link>
      </p>
      <h1>{t('editTitle', { name: department.name })}</h1>
      <Form method="post" className="card form">
        <CsrfInput />
        <FormError message={actionData?.formError} />
        <DepartmentFields values={values} errors={actionData?.errors} parents={parents} />
        <TextField label={t('fields.sortOrder')} name="sortOrder" type="number" min={0} max={9999} defaultValue={String(department.sortOrder)} error={actionData?.errors?.sortOrder} />
        <div className="field checkbox">
          <label>
            <input type="checkbox" name="active" defaultChecked={active} /> {t('fields.active')}
          </label>
        </div>
        <button type="submit" className="primary">
          {t('common:actions.save')}
        </button>
      </Form>
      {posterCount > 0 ? (
        <p>
          {t('touchpoints:posters.printDepartmentShort', { pages: posterCount })}{' '}
          <a href={`/app/${hospital.slug}/admin/departments/${department.id}/posters/a4`}>{t('touchpoints:posters.a4')}</a> ·{' '}
          <a href={`/app/${hospital.slug}/admin/departments/${department.id}/posters/a5`}>{t('touchpoints:posters.a5')}</a>
        </p>
      ) : null}
    </section>
  )
}
