import type { Route } from './+types/staff-member'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'

export async function loader(args: Route.LoaderArgs) {
  await requireHospitalAccess(args, 'staff.manage')
  return null
}

export default function Page() {
  return null
}
