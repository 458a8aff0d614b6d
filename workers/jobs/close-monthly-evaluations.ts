import { closeDueMonths } from '#app/services/evaluation.server.ts'
import type { JobHandler } from './types.ts'

/** Hourly: closes each hospital's last full month once it is over there (idempotent: a closed month is skipped). */
export const closeMonthlyEvaluationsJob: JobHandler<'closeMonthlyEvaluations'> = {
  key: 'closeMonthlyEvaluations',
  async handle({ ctx }) {
    const closed = await closeDueMonths(ctx)
    if (closed > 0) ctx.logger.info('monthly evaluations closed', { hospitals: closed })
  },
}
