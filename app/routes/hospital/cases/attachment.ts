import type { Route } from './+types/attachment'
import { attachmentResponse } from '#app/lib/attachment-response.server.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { loadCaseAttachment } from '#app/services/case-view.server.ts'

/** /app/:org/cases/:caseId/attachments/:attachmentId — a file of the case, for staff who may see the case. */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, user } = await requireHospitalAccess(args, 'cases.view')
  return attachmentResponse(await loadCaseAttachment(ctx, { organizationId: organization.id, userId: user.id }, args.params.caseId, args.params.attachmentId))
}
