import { eq } from 'drizzle-orm'
import { PNG } from 'pngjs'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { submissions } from '#db/schema/index.ts'

/** A real 4×4 PNG. */
export function pngBytes(): Buffer {
  const png = new PNG({ width: 4, height: 4 })
  png.data.fill(0x80)
  return PNG.sync.write(png)
}

/** A real 1×1 baseline JPEG. */
export const JPEG_BYTES = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=',
  'base64',
)

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

export function file(content: Buffer | string, name: string, type = 'application/octet-stream') {
  return new File([typeof content === 'string' ? content : new Uint8Array(content)], name, { type })
}

/** A multipart form as a browser sends it (an empty file input when no files). */
export function multipart(fields: Record<string, string>, files: File[] = []) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  if (files.length === 0) form.append('attachments', new File([], '', { type: 'application/octet-stream' }))
  for (const f of files) form.append('attachments', f)
  return form
}

let ipCounter = 0
/** A client address no other test in this run uses, so hourly limits do not collide. */
export function uniqueIp() {
  ipCounter++
  return `10.${process.pid % 250}.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`
}

let phoneCounter = 0
/** A mainland mobile number unique to this test run. */
export function uniquePhone() {
  phoneCounter++
  return `139${String(process.pid % 10000).padStart(4, '0')}${String(phoneCounter).padStart(4, '0')}`
}

/** The rendered page content, without the loader data the hydration script repeats. */
export function mainOf(html: string) {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'))
}

export async function submissionsOf(ctx: AppContext, organizationId: string) {
  return ctx.db.select().from(submissions).where(eq(submissions.organizationId, organizationId))
}

/** The tracking token from a `/t/<token>?new=1` redirect. */
export function tokenFrom(location: string | null) {
  const m = location?.match(/^\/t\/([\w-]+)\?new=1$/)
  if (!m) throw new Error(`not a tracking redirect: ${location}`)
  return m[1]!
}

/** True when the page has a tag (e.g. `input`) carrying every one of these attributes, in any order. */
export function hasTag(html: string, tag: string, attributes: Record<string, string>) {
  const tags = html.match(new RegExp(`<${tag}\\b[^>]*>`, 'g')) ?? []
  return tags.some((el) => Object.entries(attributes).every(([k, v]) => el.includes(` ${k}="${v}"`)))
}
