import { sweepSurveyWork } from '#app/services/survey-dispatch.server.ts'
import type { JobHandler } from './types.ts'

export const sweepSurveyInvitationsJob: JobHandler<'sweepSurveyInvitations'> = {
  key: 'sweepSurveyInvitations',
  async handle({ ctx }) {
    await sweepSurveyWork(ctx)
  },
}
