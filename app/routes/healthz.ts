import type { Route } from './+types/healthz'
import { getAppContext } from '#app/lib/app-context.server.ts'

export async function loader({ context }: Route.LoaderArgs) {
  const health = await getAppContext(context).health()
  const ok = health.database && health.queue
  return Response.json(
    { status: ok ? 'ok' : 'degraded', database: health.database ? 'up' : 'down', queue: health.queue ? 'up' : 'down' },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
