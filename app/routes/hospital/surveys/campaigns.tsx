import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import type { Route } from './+types/campaigns'

// Being built (issue 5).
export async function loader(args: Route.LoaderArgs) {
  await requireHospitalAccess(args, 'surveys.view')
  return null
}

export default function Placeholder() {
  return null
}
