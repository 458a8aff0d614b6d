/** Photos open in the browser; PDFs and HEIC photos download (a sandboxed page cannot show PDFs, and browsers may not show HEIC). */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png'])

function contentDisposition(kind: 'inline' | 'attachment', fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/** A stored upload as a response that can never run as a page of ours (or 404 when there is none). */
export function attachmentResponse(file: { content: Uint8Array; contentType: string; fileName: string } | undefined | null): Response {
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
