import { redirect } from 'react-router'
import type { Route } from './+types/index'
import { isMonth } from '#app/domain/evaluation.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { lastFullMonthOf } from '#app/services/evaluation.server.ts'

/** /app/:org/evaluation — to the last full month, or to ?month=YYYY-MM (the month picker posts here by GET). */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'evaluation.view')
  const asked = new URL(args.request.url).searchParams.get('month') ?? ''
  const month = isMonth(asked) ? asked : await lastFullMonthOf(ctx, { organizationId: organization.id })
  return redirect(`/app/${organization.slug}/evaluation/${month}`)
}
