import { sweepDueEscalations } from '#app/services/sla-escalations.server.ts'
import type { JobHandler } from './types.ts'

export const sweepSlaEscalationsJob: JobHandler<'sweepSlaEscalations'> = {
  key: 'sweepSlaEscalations',
  async handle({ ctx }) {
    const count = await sweepDueEscalations(ctx)
    if (count > 0) ctx.logger.warn('the sweep notified SLA milestones whose job had not run', { count })
  },
}
