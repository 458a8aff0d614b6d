/**
 * The dispatch benchmark's worker process: the real survey workers (startWorkers with the
 * real SMTP and Twilio transports) configured from the environment, as `npm run worker`
 * would run them. Reports its peak resident memory to the parent when asked.
 */
import { parseConfig } from '#app/lib/env.server.ts'
import { createLogger } from '#app/lib/logger.server.ts'
import { createDatabase } from '#db/client.ts'
import { buildAppContext } from '#server/app-context.ts'
import { createJobQueue } from '#workers/enqueue.ts'
import { startWorkers } from '#workers/index.ts'
import { createTransports } from '#workers/transports/index.ts'

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)

const config = parseConfig(process.env)
if (config.database.kind !== 'external' || config.queue.kind !== 'redis') throw new Error('the bench worker needs DATABASE_URL and REDIS_URL')
const database = createDatabase(config.database.url, { max: 10, applicationName: 'huiyin-bench-worker' })
const backend = { kind: 'redis' as const, url: config.queue.url, prefix: config.queue.prefix }
const jobs = createJobQueue(backend)
const ctx = buildAppContext({ config, database, jobs, clock: { now: () => new Date() }, logger: createLogger('warn'), sessionSecret: config.sessionSecret! })
const transports = createTransports(config)
const workers = startWorkers({ ctx, transports }, backend)

process.on('message', async (message: { type: string }) => {
  if (message.type === 'sweep') await jobs.enqueue('sweepSurveyInvitations', {})
  if (message.type === 'peak') process.send!({ type: 'peak', peakRss: Math.max(peakRss, process.memoryUsage().rss) })
  if (message.type === 'stop') {
    clearInterval(sampler)
    await workers.close()
    await transports.email.close()
    await transports.sms.close()
    await jobs.close()
    await database.close()
    process.exit(0)
  }
})
process.send!({ type: 'ready' })
