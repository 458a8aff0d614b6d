import type { Route } from './+types/touchpoint'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'

export async function loader(args: Route.LoaderArgs) {
  await requireHospitalAccess(args, 'touchpoints.manage')
  return null
}

export default function Page() {
  return null
}
