import { redirect } from 'react-router'
import type { Route } from './+types/logout'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { cookiesFor } from '#app/lib/cookies.server.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { signOut } from '#app/services/auth.server.ts'

export async function action({ context }: Route.ActionArgs) {
  const ctx = getAppContext(context)
  const { user } = getRequestInfo(context)
  if (user) await signOut(ctx, user.sessionId)
  return redirect('/login', { headers: { 'Set-Cookie': await cookiesFor(ctx).session.serialize('', { maxAge: 0 }) } })
}

export function loader() {
  return redirect('/')
}
