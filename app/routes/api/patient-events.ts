import type { Route } from './+types/patient-events'

// Being built (issue 5).
export async function action(_args: Route.ActionArgs) {
  return new Response('Not Found', { status: 404 })
}
