import type { Route } from './+types/department-posters'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { departmentPostersPdf, downloadResponse, posterSizeSchema } from '#app/services/touchpoint-posters.server.ts'

/** One PDF with a poster page per active touchpoint of the department and the departments under it. */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'touchpoints.view')
  const size = posterSizeSchema.safeParse(args.params.size)
  if (!size.success) notFound()
  const file = await departmentPostersPdf(ctx, { organizationId: organization.id, departmentId: args.params.departmentId, size: size.data })
  if (!file) notFound()
  return downloadResponse(file)
}
