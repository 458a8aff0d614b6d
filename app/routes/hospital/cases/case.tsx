import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import type { Route } from './+types/case'

// Being built (issue 4).
export async function loader(args: Route.LoaderArgs) {
  await requireHospitalAccess(args, 'cases.view')
  return null
}

export default function Placeholder() {
  return null
}
