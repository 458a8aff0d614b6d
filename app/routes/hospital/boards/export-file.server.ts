import { z } from 'zod'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { downloadResponse, exportDepartmentBoard, exportOverview, type BoardExportFormat } from '#app/services/board-export.server.ts'

/**
 * The loaders of the four board export routes (export-overview-*.ts, export-department-*.ts):
 * the same access as the pages, the file in the viewer's language.
 */

type Args = Parameters<typeof requireHospitalAccess>[0] & { params: { departmentId?: string } }

async function viewerOf(args: Args, permission: 'boards.view' | 'boards.viewAll') {
  const { ctx, organization, membership, user, locale } = await requireHospitalAccess(args, permission)
  const viewer = { organizationId: organization.id, userId: user.id, timeZone: organization.timeZone, boardSettings: organization.boardSettings, role: membership.role, departmentIds: membership.departmentIds }
  return { ctx, viewer, locale, params: new URL(args.request.url).searchParams }
}

/** The hospital overview (?month, sort, dir as on the page); only roles that see every board. */
export async function overviewExport(args: Args, format: BoardExportFormat) {
  const { ctx, viewer, locale, params } = await viewerOf(args, 'boards.viewAll')
  const file = await exportOverview(ctx, viewer, { month: params.get('month'), sort: params.get('sort'), dir: params.get('dir'), locale }, format)
  if (!file) notFound()
  return downloadResponse(file)
}

/** One department's board (?month); a department the viewer may not see is not found, as the page. */
export async function departmentExport(args: Args, format: BoardExportFormat) {
  const { ctx, viewer, locale, params } = await viewerOf(args, 'boards.view')
  const departmentId = z.string().uuid().safeParse(args.params.departmentId)
  if (!departmentId.success) notFound()
  const file = await exportDepartmentBoard(ctx, viewer, { departmentId: departmentId.data, month: params.get('month'), locale }, format)
  if (!file) notFound()
  return downloadResponse(file)
}
