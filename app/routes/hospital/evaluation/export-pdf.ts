import type { Route } from './+types/export-pdf'
import { isMonth } from '#app/domain/evaluation.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { exportEvaluation } from '#app/services/evaluation-export.server.ts'

/** The month's evaluation as PDF in the viewer's language (a resource route: the file itself). */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'evaluation.view')
  if (!isMonth(args.params.month)) notFound()
  const file = await exportEvaluation(ctx, { organizationId: organization.id, userId: user.id, locale }, args.params.month, 'pdf')
  return new Response(file.body, {
    headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.filename}"`, 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' },
  })
}
