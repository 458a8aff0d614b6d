import type { Route } from './+types/tracking-attachment'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { getTrackingAttachment } from '#app/services/patient-tracking.server.ts'

/** Photos open in the browser; PDFs and HEIC photos (which browsers may not show) download. */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png'])

function contentDisposition(kind: 'inline' | 'attachment', fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/** /t/:token/attachments/:attachmentId — one of the patient's own files, by the tracking link. */
export async function loader({ params, context }: Route.LoaderArgs) {
  const file = await getTrackingAttachment(getAppContext(context), params.token, params.attachmentId)
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
