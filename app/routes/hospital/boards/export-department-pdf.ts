import type { Route } from './+types/export-department-pdf'
import { departmentExport } from './export-file.server.ts'

/** /app/:org/boards/departments/:departmentId/export.pdf — one department's board as PDF (a resource route). */
export const loader = (args: Route.LoaderArgs) => departmentExport(args, 'pdf')
