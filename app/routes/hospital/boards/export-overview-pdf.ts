import type { Route } from './+types/export-overview-pdf'
import { overviewExport } from './export-file.server.ts'

/** /app/:org/boards/export.pdf — the hospital overview as PDF (a resource route: the file itself). */
export const loader = (args: Route.LoaderArgs) => overviewExport(args, 'pdf')
