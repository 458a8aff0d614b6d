import type { Route } from './+types/tracking-attachment'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { attachmentResponse } from '#app/lib/attachment-response.server.ts'
import { getTrackingAttachment } from '#app/services/patient-tracking.server.ts'

/** /t/:token/attachments/:attachmentId — one of the patient's own files, by the tracking link. */
export async function loader({ params, context }: Route.LoaderArgs) {
  return attachmentResponse(await getTrackingAttachment(getAppContext(context), params.token, params.attachmentId))
}
