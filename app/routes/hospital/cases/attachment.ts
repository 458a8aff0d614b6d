import type { Route } from './+types/attachment'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { loadCaseAttachment } from '#app/services/case-view.server.ts'

/** Photos and PDFs (the only types intake stores) open in the browser; anything else downloads. */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/heic', 'image/heif', 'application/pdf'])

function contentDisposition(kind: 'inline' | 'attachment', fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/** /app/:org/cases/:caseId/attachments/:attachmentId — a file of the case, for staff who may see the case. */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, user } = await requireHospitalAccess(args, 'cases.view')
  const file = await loadCaseAttachment(ctx, { organizationId: organization.id, userId: user.id }, args.params.caseId, args.params.attachmentId)
  if (!file) return new Response('Not Found', { status: 404, headers: { 'Cache-Control': 'private, no-store' } })
  return new Response(new Uint8Array(file.content), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.content.byteLength),
      'Content-Disposition': contentDisposition(INLINE_TYPES.has(file.contentType) ? 'inline' : 'attachment', file.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}
