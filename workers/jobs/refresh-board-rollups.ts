import { refreshDirtyRollups } from '#app/services/board-rollups.server.ts'
import type { JobHandler } from './types.ts'

/** Recomputes the board rollups whose raw rows changed (keys marked dirty by the changes). */
export const refreshBoardRollupsJob: JobHandler<'refreshBoardRollups'> = {
  key: 'refreshBoardRollups',
  async handle({ ctx }) {
    const count = await refreshDirtyRollups(ctx)
    if (count > 0) ctx.logger.debug('board rollups recomputed', { keys: count })
  },
}
