import QRCode from 'qrcode'
import { z } from 'zod'
import { sortAsTree, withDescendants } from '#app/domain/department-tree.ts'
import { isUuid } from '#app/domain/form-fields.ts'
import { DEFAULT_SLA_SETTINGS } from '#app/domain/sla.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { findDepartment, listDepartments } from '#db/queries/departments.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { findTouchpoint, listTouchpoints } from '#db/queries/touchpoints.ts'
import { POSTER_SIZES, QR_OPTIONS, renderPosters, type PosterSheet, type PosterSize, type PosterTexts } from './poster-pdf.server.ts'
import { patientUrl } from './touchpoints.server.ts'

export const qrFormatSchema = z.enum(['png', 'svg'])
export const posterSizeSchema = z.enum(POSTER_SIZES)
export type QrFormat = z.infer<typeof qrFormatSchema>

/** A generated file for a route to send as it is. */
export interface DownloadFile {
  body: Uint8Array<ArrayBuffer>
  contentType: string
  filename: string
  /** An ASCII-safe name for old browsers when `filename` is not ASCII. */
  asciiFilename?: string
  /** PDFs open in the browser's viewer, ready to print; QR images download. */
  inline: boolean
}

type Tenant = { organizationId: string }
type RenderOptions = { compress?: boolean }

/** PNG of the QR code, large enough for print (1024 px with the quiet zone). */
export function qrPng(url: string) {
  return QRCode.toBuffer(url, { ...QR_OPTIONS, type: 'png', width: 1024 })
}

/** SVG of the QR code, for designers who lay out their own posters. */
export function qrSvg(url: string) {
  return QRCode.toString(url, { ...QR_OPTIONS, type: 'svg', width: 512 })
}

const bytes = (b: Uint8Array | string) => (typeof b === 'string' ? new TextEncoder().encode(b) : new Uint8Array(b))

let fixedTexts: PosterTexts | undefined
/** The poster lines are bilingual whatever the admin's language: Chinese first, English under it. */
function posterTexts(): PosterTexts {
  if (fixedTexts) return fixedTexts
  const zh = translator('zh-CN')
  const en = translator('en')
  const days = DEFAULT_SLA_SETTINGS.answerWorkingDays
  fixedTexts = {
    scan: { zh: zh('touchpoints:posters.sheet.scan'), en: en('touchpoints:posters.sheet.scan') },
    fallback: { zh: zh('touchpoints:posters.sheet.fallback'), en: en('touchpoints:posters.sheet.fallback') },
    promise: { zh: zh('touchpoints:posters.sheet.promise', { days }), en: en('touchpoints:posters.sheet.promise', { days }) },
  }
  return fixedTexts
}

function subject() {
  return `${translator('zh-CN')('touchpoints:posters.sheet.subject')} / ${translator('en')('touchpoints:posters.sheet.subject')}`
}

async function hospitalOf(ctx: AppContext, organizationId: string) {
  const organization = await findOrganizationById(ctx.db, { organizationId })
  if (!organization) throw new Error('hospital of a signed-in member not found')
  return organization
}

export async function touchpointQrCode(ctx: AppContext, { organizationId, touchpointId, format }: Tenant & { touchpointId: string; format: QrFormat }): Promise<DownloadFile | undefined> {
  if (!isUuid(touchpointId)) return undefined
  const touchpoint = await findTouchpoint(ctx.db, { organizationId, touchpointId })
  if (!touchpoint) return undefined
  const url = patientUrl(ctx, touchpoint.publicCode)
  if (format === 'png') return { body: bytes(await qrPng(url)), contentType: 'image/png', filename: `qr-${touchpoint.publicCode}.png`, inline: false }
  return { body: bytes(await qrSvg(url)), contentType: 'image/svg+xml; charset=utf-8', filename: `qr-${touchpoint.publicCode}.svg`, inline: false }
}

/** The poster of one touchpoint (inactive ones too: a poster may be printed before the point opens). */
export async function touchpointPosterPdf(
  ctx: AppContext,
  { organizationId, touchpointId, size }: Tenant & { touchpointId: string; size: PosterSize },
  options: RenderOptions = {},
): Promise<DownloadFile | undefined> {
  if (!isUuid(touchpointId)) return undefined
  const touchpoint = await findTouchpoint(ctx.db, { organizationId, touchpointId })
  if (!touchpoint) return undefined
  const [hospital, department] = await Promise.all([hospitalOf(ctx, organizationId), findDepartment(ctx.db, { organizationId, departmentId: touchpoint.departmentId })])
  const sheet: PosterSheet = {
    hospital: { zh: hospital.name, en: hospital.nameEn },
    touchpoint: { zh: touchpoint.name, en: touchpoint.nameEn },
    department: { zh: department?.name ?? '', en: department?.nameEn ?? null },
    url: patientUrl(ctx, touchpoint.publicCode),
  }
  const body = await renderPosters({ size, title: `${touchpoint.name} · ${hospital.name}`, author: hospital.name, subject: subject(), sheets: [sheet], texts: posterTexts(), ...options })
  return { body: bytes(body), contentType: 'application/pdf', filename: `poster-${touchpoint.publicCode}-${size}.pdf`, inline: true }
}

/**
 * The touchpoints a department's batch prints: active ones of the department and every
 * department nested under it, in tree order. A touchpoint of an inactive department takes
 * no feedback, so it gets no poster.
 */
async function postersOfDepartment(ctx: AppContext, { organizationId, departmentId }: Tenant & { departmentId: string }) {
  if (!isUuid(departmentId)) return undefined
  const departments = await listDepartments(ctx.db, { organizationId })
  const department = departments.find((d) => d.id === departmentId)
  if (!department) return undefined
  const order = new Map(sortAsTree(departments).map((d, i) => [d.id, i]))
  const active = new Set(departments.filter((d) => d.active).map((d) => d.id))
  const rows = await listTouchpoints(ctx.db, { organizationId, departmentIds: withDescendants(departments, departmentId) })
  const touchpoints = rows
    .filter((r) => r.touchpoint.active && active.has(r.touchpoint.departmentId))
    .sort((a, b) => (order.get(a.touchpoint.departmentId) ?? 0) - (order.get(b.touchpoint.departmentId) ?? 0) || a.touchpoint.name.localeCompare(b.touchpoint.name, 'zh-CN'))
  return { department, touchpoints }
}

/** How many pages the department's batch would have (0: nothing to print). */
export async function countDepartmentPosters(ctx: AppContext, ids: Tenant & { departmentId: string }) {
  return (await postersOfDepartment(ctx, ids))?.touchpoints.length ?? 0
}

/** One poster page per active touchpoint of the department and its sub-departments; undefined when there is none. */
export async function departmentPostersPdf(
  ctx: AppContext,
  { organizationId, departmentId, size }: Tenant & { departmentId: string; size: PosterSize },
  options: RenderOptions = {},
): Promise<DownloadFile | undefined> {
  const found = await postersOfDepartment(ctx, { organizationId, departmentId })
  if (!found || found.touchpoints.length === 0) return undefined
  const hospital = await hospitalOf(ctx, organizationId)
  const sheets = found.touchpoints.map(
    (r): PosterSheet => ({
      hospital: { zh: hospital.name, en: hospital.nameEn },
      touchpoint: { zh: r.touchpoint.name, en: r.touchpoint.nameEn },
      department: { zh: r.departmentName, en: r.departmentNameEn },
      url: patientUrl(ctx, r.touchpoint.publicCode),
    }),
  )
  const { department } = found
  const body = await renderPosters({ size, title: `${department.name} · ${hospital.name}`, author: hospital.name, subject: subject(), sheets, texts: posterTexts(), ...options })
  return {
    body: bytes(body),
    contentType: 'application/pdf',
    filename: `posters-${department.name}-${size}.pdf`,
    asciiFilename: `posters-${department.id.slice(0, 8)}-${size}.pdf`,
    inline: true,
  }
}

/** The HTTP response for a generated file: never cached (it is the hospital's, behind sign-in). */
export function downloadResponse(file: DownloadFile) {
  const ascii = file.asciiFilename ?? file.filename
  const encoded = encodeURIComponent(file.filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return new Response(file.body, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.body.byteLength),
      'Content-Disposition': `${file.inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
