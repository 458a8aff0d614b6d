import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { data, Form, redirect, useActionData, useNavigation, useSearchParams } from 'react-router'
import type { Route } from './+types/login'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, TextField } from '#app/components/forms/field.tsx'
import { PublicShell } from '#app/components/public-shell.tsx'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { cookiesFor } from '#app/lib/cookies.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { safeRedirectPath } from '#app/lib/safe-redirect.ts'
import { signIn, signInSchema } from '#app/services/auth.server.ts'

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.title ?? 'Huiyin' }]
}

/** Passes the action's Retry-After through on a throttled sign-in. */
export function headers({ actionHeaders }: Route.HeadersArgs) {
  return actionHeaders
}

export function loader({ context }: Route.LoaderArgs) {
  const { user, locale } = getRequestInfo(context)
  if (user) throw redirect('/')
  return { title: translator(locale)('auth:signIn.title') }
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getAppContext(context)
  const { clientIp, locale } = getRequestInfo(context)
  const t = translator(locale)
  const form = Object.fromEntries(await request.formData())
  const email = typeof form.email === 'string' ? form.email : ''
  const parsed = signInSchema.safeParse(form)
  if (!parsed.success) return data({ error: t('auth:signIn.invalid'), email }, { status: 400 })

  const result = await signIn(ctx, { email: parsed.data.email, password: parsed.data.password, clientIp })
  if (!result.ok) {
    if (result.reason === 'throttled') {
      const minutes = Math.ceil(result.retryAfterSeconds / 60)
      return data({ error: t('auth:signIn.throttled', { minutes }), email }, { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } })
    }
    return data({ error: t('auth:signIn.invalid'), email }, { status: 400 })
  }
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { 'Set-Cookie': await cookiesFor(ctx).session.serialize(result.sessionId) },
  })
}

export default function Login() {
  const { t } = useTranslation('auth')
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const formRef = useRef<HTMLFormElement>(null)
  // Without JavaScript the page reloads with an empty password; do the same with it.
  useEffect(() => {
    const password = formRef.current?.elements.namedItem('password')
    if (actionData?.error && password instanceof HTMLInputElement) password.value = ''
  }, [actionData])
  return (
    <PublicShell>
      <main id="main" className="page narrow card">
        <h1>{t('signIn.title')}</h1>
        <Form method="post" ref={formRef}>
          <CsrfInput />
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
          <FormError message={actionData?.error} />
          <TextField label={t('signIn.email')} name="email" type="email" autoComplete="username" required defaultValue={actionData?.email ?? ''} />
          <TextField label={t('signIn.password')} name="password" type="password" autoComplete="current-password" required />
          <button type="submit" className="primary" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </Form>
      </main>
    </PublicShell>
  )
}
