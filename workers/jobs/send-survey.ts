import { sendSurveyBatch } from '#app/services/survey-send.server.ts'
import type { JobHandler } from './types.ts'

/** One handler for both channels' queues: the channel is chosen per row at send time. */
const handle: JobHandler<'sendSurveyBySms'>['handle'] = async ({ ctx, transports }, batch, attempt) => {
  const outcome = await sendSurveyBatch(ctx, transports, batch, { finalAttempt: attempt.final })
  ctx.logger.debug('survey batch', { kind: batch.kind, size: batch.invitationIds.length, ...outcome })
}

export const sendSurveyBySmsJob: JobHandler<'sendSurveyBySms'> = { key: 'sendSurveyBySms', handle }
export const sendSurveyByEmailJob: JobHandler<'sendSurveyByEmail'> = { key: 'sendSurveyByEmail', handle }
