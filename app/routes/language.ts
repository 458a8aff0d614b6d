import { redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/language'
import { LOCALES } from '#app/domain/locales.ts'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { cookiesFor } from '#app/lib/cookies.server.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { safeRedirectPath } from '#app/lib/safe-redirect.ts'
import { setUserLocale } from '#app/services/users.server.ts'

const schema = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() })

/** Keeps the choice in a cookie for this browser and on the account of a signed-in user. */
export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getAppContext(context)
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) throw new Response('Bad Request', { status: 400 })
  const { user } = getRequestInfo(context)
  if (user) await setUserLocale(ctx, user.id, parsed.data.locale)
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { 'Set-Cookie': await cookiesFor(ctx).locale.serialize(parsed.data.locale) },
  })
}

export function loader() {
  return redirect('/')
}
