import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from 'react-router'
import type { ZodError } from 'zod'
import type { Route } from './+types/account-password'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, TextField } from '#app/components/forms/field.tsx'
import { PublicShell } from '#app/components/public-shell.tsx'
import type { Locale } from '#app/domain/locales.ts'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { requireUser } from '#app/lib/auth.server.ts'
import type { FieldErrors } from '#app/lib/form-errors.ts'
import { translator } from '#app/lib/i18n.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { changePassword, changePasswordSchema } from '#app/services/auth.server.ts'

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.title ?? 'Huiyin' }]
}

export function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(request, context)
  return { email: user.email, title: translator(getRequestInfo(context).locale)('auth:changePassword.title') }
}

/** changePasswordSchema names its problems (tooShort, tooLong, mismatch); everything else is a missing field. */
function passwordErrors(error: ZodError, locale: Locale): FieldErrors {
  const t = translator(locale)
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'currentPassword')
    if (out[field]) continue
    out[field] = issue.message === 'tooShort' || issue.message === 'tooLong' || issue.message === 'mismatch' ? t(`auth:changePassword.${issue.message}`) : t('common:errors.required')
  }
  return out
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(request, context)
  const ctx = getAppContext(context)
  const { locale } = getRequestInfo(context)
  const t = translator(locale)
  const form = Object.fromEntries(await request.formData())
  const parsed = changePasswordSchema.safeParse(form)
  if (!parsed.success) return data({ errors: passwordErrors(parsed.error, locale), formError: t('common:errors.formHasErrors') }, { status: 400 })
  const result = await changePassword(ctx, { userId: user.id, sessionId: user.sessionId, currentPassword: parsed.data.currentPassword, newPassword: parsed.data.newPassword })
  if (!result.ok && result.reason === 'throttled') {
    return data({ errors: {} as FieldErrors, formError: t('auth:signIn.throttled', { minutes: Math.ceil(result.retryAfterSeconds / 60) }) }, { status: 429 })
  }
  if (!result.ok) return data({ errors: { currentPassword: t('auth:changePassword.wrongCurrent') } as FieldErrors, formError: t('common:errors.formHasErrors') }, { status: 400 })
  return redirect('/account/password?done=1')
}

export default function AccountPassword() {
  const { email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const { t } = useTranslation(['auth', 'common'])
  return (
    <PublicShell>
      <main id="main" className="page narrow card">
        <p>
          <Link to="/">← {t('changePassword.back')}</Link>
        </p>
        <h1>{t('changePassword.title')}</h1>
        <p className="muted">{t('changePassword.account', { email })}</p>
        {params.get('done') && !actionData ? (
          <p className="notice" role="status">
            {t('changePassword.done')}
          </p>
        ) : null}
        <Form method="post">
          <CsrfInput />
          <FormError message={actionData?.formError} />
          <TextField label={t('changePassword.current')} name="currentPassword" type="password" autoComplete="current-password" required error={actionData?.errors.currentPassword} />
          <TextField
            label={t('changePassword.next')}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={128}
            hint={t('changePassword.hint')}
            error={actionData?.errors.newPassword}
          />
          <TextField label={t('changePassword.confirm')} name="confirmPassword" type="password" autoComplete="new-password" required error={actionData?.errors.confirmPassword} />
          <button type="submit" className="primary" disabled={busy}>
            {t('changePassword.submit')}
          </button>
        </Form>
      </main>
    </PublicShell>
  )
}
