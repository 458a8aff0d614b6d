import type { Route } from './+types/campaign-responses-xlsx'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { exportCampaignResponses } from '#app/services/survey-response-export.server.ts'

/** The campaign's completed responses as XLSX (a resource route: the file itself). */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'surveys.view')
  const file = await exportCampaignResponses(ctx, { organizationId: organization.id, userId: user.id, timeZone: organization.timeZone, locale }, args.params.campaignId, 'xlsx')
  if (!file) notFound()
  return new Response(file.body, {
    headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.filename}"`, 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' },
  })
}
