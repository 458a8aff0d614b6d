import type { Route } from './+types/outbox-message'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'

export async function loader(args: Route.LoaderArgs) {
  await requireHospitalAccess(args, 'outbox.view')
  return null
}

export default function Page() {
  return null
}
