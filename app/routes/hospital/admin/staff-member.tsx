import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/staff-member'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { DepartmentScopeField } from '#app/components/forms/department-scope-field.tsx'
import { FormError, SelectField } from '#app/components/forms/field.tsx'
import { ROLES } from '#app/domain/roles.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors, type FieldErrors } from '#app/lib/form-errors.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { changeStaffRole, getStaffMember, setStaffMemberActive, staffRoleSchema } from '#app/services/staff.server.ts'
import { useHospital } from '../layout.tsx'

const NOTICES = ['saved', 'unchanged', 'deactivated', 'activated'] as const
type Notice = (typeof NOTICES)[number]

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, user } = await requireHospitalAccess(args, 'staff.manage')
  const member = await getStaffMember(ctx, { organizationId: organization.id, membershipId: args.params.membershipId })
  if (!member) notFound()
  return { member, isSelf: member.userId === user.id }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'staff.manage')
  const t = translator(locale)
  const formData = await args.request.formData()
  const membershipId = args.params.membershipId
  const actor = { organizationId: organization.id, actorUserId: user.id }
  const here = `/app/${organization.slug}/admin/staff/${membershipId}`
  const intent = formData.get('intent')

  if (intent === 'deactivate' || intent === 'activate') {
    const result = await setStaffMemberActive(ctx, actor, membershipId, intent === 'activate')
    if (!result.ok) {
      if (result.error === 'notFound') notFound()
      return data({ form: 'status' as const, formError: t(`staff:errors.${result.error}`) }, { status: 400 })
    }
    return redirect(`${here}?done=${intent === 'activate' ? 'activated' : 'deactivated'}`)
  }

  const values = { role: String(formData.get('role') ?? ''), departmentIds: formData.getAll('departmentIds').map(String) }
  const parsed = staffRoleSchema.safeParse(values)
  if (!parsed.success) return data({ form: 'role' as const, errors: toFieldErrors(parsed.error, locale), values, formError: t('common:errors.formHasErrors') }, { status: 400 })
  const result = await changeStaffRole(ctx, actor, membershipId, parsed.data)
  if (!result.ok) {
    if (result.error === 'notFound') notFound()
    const onScope = result.error === 'scopeRequired' || result.error === 'departmentInvalid'
    const errors: FieldErrors = onScope ? { departmentIds: t(`staff:errors.${result.error}`) } : {}
    return data(
      {
        form: 'role' as const,
        errors,
        values,
        formError: onScope ? t('common:errors.formHasErrors') : t(`staff:errors.${result.error}`),
      },
      { status: 400 },
    )
  }
  return redirect(`${here}?done=${result.changed ? 'saved' : 'unchanged'}`)
}

export default function StaffMember() {
  const { member, isSelf } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t } = useTranslation(['staff', 'common'])
  const { hospital } = useHospital()
  const done = actionData ? undefined : NOTICES.find((n): n is Notice => n === params.get('done'))
  const roleForm = actionData?.form === 'role' ? actionData : undefined
  const statusForm = actionData?.form === 'status' ? actionData : undefined

  return (
    <section>
      <p>
        <Link to={`/app/${hospital.slug}/admin/staff`}>← {t('member.back')}</Link>
      </p>
      <h1>{t('member.title', { name: member.name })}</h1>
      <p>
        {member.email} · {t(`common:roles.${member.role}`)} · {member.active ? t('common:status.active') : t('common:status.inactive')}
      </p>
      {isSelf ? <p className="muted">{t('member.self')}</p> : null}
      {done ? (
        <p className="notice" role="status">
          {t(`member.${done}`, { name: member.name })}
        </p>
      ) : null}

      <Form method="post" className="card form" aria-labelledby="role-title" key={roleForm ? 'retry' : (done ?? 'fresh')}>
        <h2 id="role-title">{t('member.roleTitle')}</h2>
        <CsrfInput />
        <input type="hidden" name="intent" value="saveRole" />
        <FormError message={roleForm?.formError} />
        <SelectField label={t('invite.role')} name="role" required defaultValue={roleForm?.values.role || member.role} error={roleForm?.errors.role}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`common:roles.${role}`)}
            </option>
          ))}
        </SelectField>
        <DepartmentScopeField choices={member.choices} selected={roleForm?.values.departmentIds ?? member.departmentIds} error={roleForm?.errors.departmentIds} />
        <button type="submit" className="primary">
          {t('common:actions.save')}
        </button>
      </Form>

      <Form method="post" className="card form" aria-labelledby="status-title">
        <h2 id="status-title">{t('member.statusTitle')}</h2>
        <CsrfInput />
        <FormError message={statusForm?.formError} />
        <p>{member.active ? t('member.activeBody') : t('member.inactiveBody')}</p>
        <input type="hidden" name="intent" value={member.active ? 'deactivate' : 'activate'} />
        <button type="submit" className={member.active ? 'secondary' : 'primary'}>
          {member.active ? t('member.deactivate') : t('member.activate')}
        </button>
      </Form>
    </section>
  )
}
