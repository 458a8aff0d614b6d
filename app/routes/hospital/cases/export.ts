import type { Route } from './+types/export'
import { parseCaseListFilters } from '#app/domain/case-list-filters.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { exportCaseList } from '#app/services/case-list.server.ts'

/** The filtered case list as CSV (a resource route: the file itself); invalid filters are ignored as on the page. */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'cases.export')
  const { filters } = parseCaseListFilters(new URL(args.request.url).searchParams)
  const file = await exportCaseList(ctx, { organizationId: organization.id, userId: user.id, timeZone: organization.timeZone, locale }, filters)
  if (!file) notFound()
  return new Response(file.body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
