/**
 * A floor for the dispatch benchmark: the same transports the workers use (nodemailer pooled
 * SMTP, the twilio client), sending the same number of messages to the same sinks with as many
 * sends in flight as the workers have — but no database, no queue and no rendering. Whatever
 * the workers add is on top of this.
 */
import { parseConfig } from '#app/lib/env.server.ts'
import { createTransports } from '#workers/transports/index.ts'

const [countText, parallelText] = process.argv.slice(2)
const count = Number(countText)
const parallel = Number(parallelText)
const config = parseConfig(process.env)
const transports = createTransports(config)
let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)

const body = '【压测医院】感谢您的就诊，请花两三分钟评价本次就医体验：https://huiyin.example.cn/s/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx （12月12日前有效）回复TD退订'
const html = `<p>${body}</p>`

process.on('message', async (message: { type: string }) => {
  if (message.type !== 'start') return
  const started = performance.now()
  let next = 0
  const lane = async () => {
    for (let n = next++; n < count; n = next++) {
      const id = `floor-${n}`
      if (n % 2 === 0) await transports.sms.send({ id, to: `+86138${String(n).padStart(8, '0')}`, body })
      else await transports.email.send({ id, to: `floor.${n}@example.org`, subject: '就医体验问卷', text: body, html })
    }
  }
  await Promise.all(Array.from({ length: parallel }, lane))
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  await transports.email.close()
  await transports.sms.close()
  process.send!({ type: 'done', seconds, peakRss })
  process.exit(0)
})
process.send!({ type: 'ready' })
