import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import type { Route } from './+types/event-import'

// Being built (issue 5).
export async function loader(args: Route.LoaderArgs) {
  await requireHospitalAccess(args, 'patientEvents.import')
  return null
}

export default function Placeholder() {
  return null
}
