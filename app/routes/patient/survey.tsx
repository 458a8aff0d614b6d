import type { Route } from './+types/survey'

// Being built (issue 5).
export async function loader(_args: Route.LoaderArgs) {
  throw new Response('Not Found', { status: 404 })
}

export default function Placeholder() {
  return null
}
