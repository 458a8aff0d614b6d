import type { Route } from './+types/touchpoint-poster'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { downloadResponse, posterSizeSchema, touchpointPosterPdf } from '#app/services/touchpoint-posters.server.ts'

/** The touchpoint's printable poster as an A4 or A5 PDF. */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'touchpoints.view')
  const size = posterSizeSchema.safeParse(args.params.size)
  if (!size.success) notFound()
  const file = await touchpointPosterPdf(ctx, { organizationId: organization.id, touchpointId: args.params.touchpointId, size: size.data })
  if (!file) notFound()
  return downloadResponse(file)
}
