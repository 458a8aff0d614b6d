import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/invite'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, TextField } from '#app/components/forms/field.tsx'
import { PublicShell } from '#app/components/public-shell.tsx'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { cookiesFor } from '#app/lib/cookies.server.ts'
import { toFieldErrors, type FieldErrors } from '#app/lib/form-errors.ts'
import { translator } from '#app/lib/i18n.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { signOut, startSession } from '#app/services/auth.server.ts'
import { acceptInvitation, acceptInvitationSchema } from '#app/services/invitations.server.ts'
import { describeInvitationLink } from '#app/services/staff.server.ts'

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.title ?? 'Huiyin' }, { name: 'referrer', content: 'no-referrer' }]
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const ctx = getAppContext(context)
  const t = translator(getRequestInfo(context).locale)
  const link = await describeInvitationLink(ctx, params.token)
  if (link.state !== 'open') {
    return data({ state: link.state, title: t('auth:invitation.unavailableTitle'), invitation: null }, { status: link.state === 'unknown' ? 404 : 410 })
  }
  const { email, name, role, hospitalName, hospitalNameEn, hasAccount } = link.invitation
  return { state: link.state, title: t('auth:invitation.title'), invitation: { email, name, role, hospitalName, hospitalNameEn, hasAccount } }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getAppContext(context)
  const { locale, user } = getRequestInfo(context)
  const t = translator(locale)
  const form = await request.formData()
  const name = form.get('name')
  const input = { name: typeof name === 'string' ? name : undefined, password: String(form.get('password') ?? '') }
  const values = { name: input.name ?? '' }
  const parsed = acceptInvitationSchema.safeParse(input)
  if (!parsed.success) return data({ errors: toFieldErrors(parsed.error, locale), values, formError: t('common:errors.formHasErrors') }, { status: 400 })

  const result = await acceptInvitation(ctx, params.token, parsed.data)
  if (!result.ok) {
    // Used, expired or revoked meanwhile: the page explains which.
    if (result.error === 'invalid') return redirect(`/invite/${encodeURIComponent(params.token)}`)
    const errors: FieldErrors = { password: t(`auth:invitation.${result.error}`) }
    return data({ errors, values, formError: t('common:errors.formHasErrors') }, { status: 400 })
  }
  // Whoever was signed in on this browser is replaced by the person who accepted.
  if (user) await signOut(ctx, user.sessionId)
  const sessionId = await startSession(ctx, result.userId)
  return redirect(`/app/${result.hospitalSlug}`, {
    headers: { 'Set-Cookie': await cookiesFor(ctx).session.serialize(sessionId) },
  })
}

export default function Invite() {
  const { state, invitation } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const { t, i18n } = useTranslation(['auth', 'common'])

  if (!invitation) {
    return (
      <PublicShell>
        <main id="main" className="page narrow card">
          <h1>{t('invitation.unavailableTitle')}</h1>
          <p>{state === 'used' ? t('invitation.used') : state === 'expired' ? t('invitation.expired') : t('invitation.invalid')}</p>
          <p>{state === 'used' ? <Link to="/login">{t('invitation.signIn')}</Link> : <Link to="/">{t('common:errors.backHome')}</Link>}</p>
        </main>
      </PublicShell>
    )
  }

  const hospital = i18n.language === 'en' && invitation.hospitalNameEn ? invitation.hospitalNameEn : invitation.hospitalName
  const role = t(`common:roles.${invitation.role}`)
  return (
    <PublicShell>
      <main id="main" className="page narrow card">
        <h1>{t('invitation.title')}</h1>
        <p>{t('invitation.intro', { hospital, role })}</p>
        <dl className="facts">
          <dt>{t('invitation.hospital')}</dt>
          <dd>{hospital}</dd>
          <dt>{t('invitation.role')}</dt>
          <dd>{role}</dd>
          <dt>{t('invitation.email')}</dt>
          <dd>{invitation.email}</dd>
        </dl>
        <Form method="post">
          <CsrfInput />
          <FormError message={actionData?.formError} />
          {invitation.hasAccount ? (
            <>
              <p>{t('invitation.existingPassword')}</p>
              <TextField label={t('invitation.currentPassword')} name="password" type="password" autoComplete="current-password" required error={actionData?.errors.password} />
            </>
          ) : (
            <>
              <TextField label={t('invitation.name')} name="name" autoComplete="name" required maxLength={60} defaultValue={actionData?.values.name ?? invitation.name} error={actionData?.errors.name} />
              <TextField
                label={t('invitation.password')}
                name="password"
                type="password"
                autoComplete="new-password"
                required
                minLength={10}
                maxLength={128}
                hint={t('invitation.passwordHint')}
                error={actionData?.errors.password}
              />
            </>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {t('invitation.submit')}
          </button>
        </Form>
      </main>
    </PublicShell>
  )
}
