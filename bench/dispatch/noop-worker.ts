/**
 * The baseline: a bare BullMQ worker whose jobs do nothing, on the same Redis, with as many
 * jobs in flight as the survey workers have (two send queues × 4). Reports when `count` jobs
 * have completed, and its peak memory.
 */
import { Worker } from 'bullmq'

const [url, prefix, queueName, countText, concurrencyText] = process.argv.slice(2)
const count = Number(countText)
let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)
let done = 0
let started = 0
const worker = new Worker(queueName!, async () => {}, { connection: { url: url!, maxRetriesPerRequest: null }, prefix: prefix!, concurrency: Number(concurrencyText), autorun: false })
worker.on('completed', () => {
  if (++done === count) {
    const seconds = (performance.now() - started) / 1000
    clearInterval(sampler)
    process.send!({ type: 'done', seconds, peakRss })
    void worker.close().then(() => process.exit(0))
  }
})
process.on('message', (message: { type: string }) => {
  if (message.type === 'start') {
    started = performance.now()
    void worker.run()
  }
})
process.send!({ type: 'ready' })
