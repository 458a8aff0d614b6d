import { redispatchStuckMessages } from '#app/services/messages.server.ts'
import type { JobHandler } from './types.ts'

export const sweepStuckMessagesJob: JobHandler<'sweepStuckMessages'> = {
  key: 'sweepStuckMessages',
  async handle({ ctx }) {
    const count = await redispatchStuckMessages(ctx)
    if (count > 0) ctx.logger.warn('re-dispatched stuck messages', { count })
  },
}
