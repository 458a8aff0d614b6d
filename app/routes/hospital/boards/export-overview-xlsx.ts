import type { Route } from './+types/export-overview-xlsx'
import { overviewExport } from './export-file.server.ts'

/** /app/:org/boards/export.xlsx — the hospital overview as XLSX (a resource route: the file itself). */
export const loader = (args: Route.LoaderArgs) => overviewExport(args, 'xlsx')
