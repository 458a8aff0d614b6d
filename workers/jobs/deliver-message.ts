import { deliverMessage, recordDeliveryFailure } from '#app/services/message-delivery.server.ts'
import type { JobHandler } from './types.ts'

export const deliverMessageJob: JobHandler<'deliverMessage'> = {
  key: 'deliverMessage',
  async handle({ ctx, transports }, { messageId }) {
    const outcome = await deliverMessage(ctx, transports, messageId)
    if (outcome === 'missing') ctx.logger.warn('message to deliver not found', { messageId })
    else ctx.logger.info('message delivery', { messageId, outcome })
  },
  async onFailure({ ctx }, { messageId }, { error, final }) {
    await recordDeliveryFailure(ctx, { messageId, error, final })
  },
}
