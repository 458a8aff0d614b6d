import { fireClockEscalations } from '#app/services/sla-escalations.server.ts'
import type { JobHandler } from './types.ts'

export const fireSlaEscalationJob: JobHandler<'fireSlaEscalation'> = {
  key: 'fireSlaEscalation',
  async handle({ ctx }, payload) {
    await fireClockEscalations(ctx, payload)
  },
}
