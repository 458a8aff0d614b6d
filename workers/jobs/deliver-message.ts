import { deliverMessage, recordDeliveryFailure } from '#app/services/message-delivery.server.ts'
import { JOBS } from '../contracts.ts'
import type { JobHandler } from './types.ts'

export const deliverMessageJob: JobHandler<'deliverMessage'> = {
  key: 'deliverMessage',
  async handle({ ctx, transports }, payload) {
    const outcome = await deliverMessage(ctx, transports, payload.messageId)
    ctx.logger.info('message delivery', { messageId: payload.messageId, outcome })
  },
  async onFinalFailure({ ctx }, payload, error) {
    await recordDeliveryFailure(ctx, payload.messageId, error, true)
  },
  async onRetryableFailure({ ctx }, payload, error) {
    await recordDeliveryFailure(ctx, payload.messageId, error, false)
  },
}

void JOBS
