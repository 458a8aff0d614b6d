import { redirect, type RouterContextProvider } from 'react-router'
import { can, type Permission } from '#app/domain/permissions.ts'
import { findOrganizationBySlug } from '#db/queries/organizations.ts'
import { findActiveMembership } from '#db/queries/users.ts'
import { getAppContext } from './app-context.server.ts'
import { forbidden, notFound } from './http-errors.server.ts'
import { getRequestInfo } from './request-context.server.ts'

type Ctx = Readonly<RouterContextProvider>

export function getOptionalUser(context: Ctx) {
  return getRequestInfo(context).user
}

/** The signed-in user, or a redirect to sign-in that comes back here afterwards. */
export function requireUser(request: Request, context: Ctx) {
  const user = getOptionalUser(context)
  if (!user) {
    const url = new URL(request.url)
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  return user
}

/**
 * The one gate for every hospital page: the user must be a member of the hospital in the
 * URL (otherwise 404 — another hospital's pages do not exist for them) and, when a
 * permission is named, their role must allow it (otherwise 403).
 */
export async function requireHospitalAccess(
  { request, context, params }: { request: Request; context: Ctx; params: { org?: string } },
  permission: Permission = 'home.view',
) {
  const ctx = getAppContext(context)
  const user = requireUser(request, context)
  const organization = params.org ? await findOrganizationBySlug(ctx.db, params.org) : undefined
  if (!organization) notFound()
  const membership = await findActiveMembership(ctx.db, { organizationId: organization.id, userId: user.id })
  if (!membership) notFound()
  if (!can(membership.role, permission)) forbidden()
  return { ctx, user, organization, membership, locale: getRequestInfo(context).locale }
}

export type HospitalAccess = Awaited<ReturnType<typeof requireHospitalAccess>>
