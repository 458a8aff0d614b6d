import type { Route } from './+types/export-department-xlsx'
import { departmentExport } from './export-file.server.ts'

/** /app/:org/boards/departments/:departmentId/export.xlsx — one department's board as XLSX (a resource route). */
export const loader = (args: Route.LoaderArgs) => departmentExport(args, 'xlsx')
