import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/staff'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { DepartmentScopeField, useDepartmentName } from '#app/components/forms/department-scope-field.tsx'
import { FormError, SelectField, TextField } from '#app/components/forms/field.tsx'
import { isLocale } from '#app/domain/locales.ts'
import { can } from '#app/domain/permissions.ts'
import { isDepartmentScoped, ROLES, type Role } from '#app/domain/roles.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { translator } from '#app/lib/i18n.ts'
import { inviteStaffMember, listStaff, revokeInvitation, staffInvitationSchema } from '#app/services/staff.server.ts'
import { useHospital } from '../layout.tsx'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership } = await requireHospitalAccess(args, 'staff.view')
  const staff = await listStaff(ctx, { organizationId: organization.id })
  return {
    ...staff,
    myMembershipId: membership.id,
    canManage: can(membership.role, 'staff.manage'),
    canViewOutbox: can(membership.role, 'outbox.view'),
    mailGoesToOutbox: ctx.config.mail.kind === 'outbox',
  }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'staff.manage')
  const t = translator(locale)
  const formData = await args.request.formData()
  const base = `/app/${organization.slug}/admin/staff`
  const actor = { organizationId: organization.id, actorUserId: user.id }

  if (formData.get('intent') === 'revoke') {
    const result = await revokeInvitation(ctx, actor, String(formData.get('invitationId') ?? ''))
    if (!result.ok) return data({ revokeError: t(`staff:errors.${result.error}`) }, { status: 400 })
    return redirect(`${base}?revoked=1`)
  }

  const values = {
    email: String(formData.get('email') ?? ''),
    name: String(formData.get('name') ?? ''),
    role: String(formData.get('role') ?? ''),
    departmentIds: formData.getAll('departmentIds').map(String),
  }
  const parsed = staffInvitationSchema.safeParse(values)
  if (!parsed.success) return data({ errors: toFieldErrors(parsed.error, locale), values, formError: t('common:errors.formHasErrors') }, { status: 400 })
  const result = await inviteStaffMember(ctx, { ...actor, actorName: user.name, locale }, parsed.data)
  if (!result.ok) {
    const field = result.error === 'scopeRequired' || result.error === 'departmentInvalid' ? 'departmentIds' : 'email'
    return data({ errors: { [field]: t(`staff:errors.${result.error}`) }, values, formError: t('common:errors.formHasErrors') }, { status: 400 })
  }
  return redirect(`${base}?invited=${result.invitationId}`)
}

export default function Staff() {
  const { members, invitations, departments, myMembershipId, canManage, canViewOutbox, mailGoesToOutbox } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation(['staff', 'common'])
  const { hospital } = useHospital()
  const departmentName = useDepartmentName()
  const locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  // Notices belong to the last successful post; a failed one shows its errors instead.
  const invited = actionData ? undefined : invitations.find((i) => i.id === params.get('invited'))
  const invite = actionData && 'values' in actionData ? actionData : undefined
  const revokeError = actionData && 'revokeError' in actionData ? actionData.revokeError : undefined
  const scopeText = (scope: (typeof members)[number]['departments'], role: Role) =>
    isDepartmentScoped(role) ? scope.map(departmentName).join(t('members.listSeparator')) : t('members.wholeHospital')

  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {canManage ? null : <p className="muted">{t('readOnly')}</p>}
      {invited ? (
        <div className="notice" role="status">
          <p>{t('invite.sent', { email: invited.email })}</p>
          {mailGoesToOutbox ? (
            <p>
              {t('invite.outboxHint')} {canViewOutbox ? <Link to={`/app/${hospital.slug}/admin/outbox`}>{t('invite.outboxLink')}</Link> : null}
            </p>
          ) : null}
        </div>
      ) : null}
      {params.get('revoked') && !actionData ? (
        <p className="notice" role="status">
          {t('invitations.revoked')}
        </p>
      ) : null}

      <h2 id="members">{t('members.title')}</h2>
      {members.length === 0 ? (
        <p>{t('members.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="members">
            <thead>
              <tr>
                <th scope="col">{t('members.columns.name')}</th>
                <th scope="col">{t('members.columns.email')}</th>
                <th scope="col">{t('members.columns.role')}</th>
                <th scope="col">{t('members.columns.scope')}</th>
                <th scope="col">{t('members.columns.status')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.membershipId} className={m.active ? undefined : 'inactive'}>
                  <td>
                    {canManage ? <Link to={m.membershipId}>{m.name}</Link> : m.name}
                    {m.membershipId === myMembershipId ? t('members.you') : null}
                  </td>
                  <td>{m.email}</td>
                  <td>{t(`common:roles.${m.role}`)}</td>
                  <td>{scopeText(m.departments, m.role)}</td>
                  <td>{m.active ? t('common:status.active') : t('common:status.inactive')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="invitations">{t('invitations.title')}</h2>
      <FormError message={revokeError} />
      {invitations.length === 0 ? (
        <p>{t('invitations.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="invitations">
            <thead>
              <tr>
                <th scope="col">{t('invitations.columns.name')}</th>
                <th scope="col">{t('invitations.columns.email')}</th>
                <th scope="col">{t('invitations.columns.role')}</th>
                <th scope="col">{t('invitations.columns.scope')}</th>
                <th scope="col">{t('invitations.columns.expiresAt')}</th>
                {canManage ? <th scope="col">{t('invitations.columns.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td>{i.name}</td>
                  <td>{i.email}</td>
                  <td>{t(`common:roles.${i.role}`)}</td>
                  <td>{scopeText(i.departments, i.role)}</td>
                  <td>{formatDateTime(i.expiresAt, locale, hospital.timeZone)}</td>
                  {canManage ? (
                    <td>
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="invitationId" value={i.id} />
                        <button type="submit" className="secondary" aria-label={t('invitations.revokeLabel', { email: i.email })}>
                          {t('invitations.revoke')}
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canManage ? (
        <Form method="post" className="card form" aria-labelledby="invite-staff" key={invite ? 'retry' : params.get('invited') ?? 'fresh'}>
          <h2 id="invite-staff">{t('invite.title')}</h2>
          <p className="muted">{t('invite.intro')}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="invite" />
          <FormError message={invite?.formError} />
          <TextField label={t('invite.email')} name="email" type="email" autoComplete="off" required maxLength={254} defaultValue={invite?.values.email ?? ''} error={invite?.errors.email} />
          <TextField label={t('invite.name')} name="name" autoComplete="off" required maxLength={60} defaultValue={invite?.values.name ?? ''} error={invite?.errors.name} />
          <SelectField
            label={t('invite.role')}
            name="role"
            required
            defaultValue={invite?.values.role || 'staff'}
            error={invite?.errors.role}
            hint={
              <>
                {ROLES.map((role) => (
                  <span key={role}>
                    {t('roleDescriptionLine', { role: t(`common:roles.${role}`), description: t(`roleDescriptions.${role}`) })}
                    <br />
                  </span>
                ))}
              </>
            }
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`common:roles.${role}`)}
              </option>
            ))}
          </SelectField>
          <DepartmentScopeField choices={departments} selected={invite?.values.departmentIds ?? []} error={invite?.errors.departmentIds} />
          <button type="submit" className="primary">
            {t('invite.submit')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
