import type { Route } from './+types/touchpoint-qr'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { downloadResponse, qrFormatSchema, touchpointQrCode } from '#app/services/touchpoint-posters.server.ts'

/** The touchpoint's QR code as PNG or SVG (a resource route: the file itself). */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'touchpoints.view')
  const format = qrFormatSchema.safeParse(args.params.format)
  if (!format.success) notFound()
  const file = await touchpointQrCode(ctx, { organizationId: organization.id, touchpointId: args.params.touchpointId, format: format.data })
  if (!file) notFound()
  return downloadResponse(file)
}
