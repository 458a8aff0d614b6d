import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordSubmission } from '#app/services/intake.server.ts'
import { deliverMessage } from '#app/services/message-delivery.server.ts'
import { updateOrganization } from '#db/queries/organizations.ts'
import { outboundMessages } from '#db/schema/index.ts'
import { createTransports, type Transports } from '#workers/transports/index.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { startTwilioStandIn, type TwilioStandIn } from '#tests/helpers/twilio-stand-in.ts'
import { inboundSmsParams, postTwilioWebhook, twilioEnv, twimlMessage, uniqueHospitalNumber, uniqueMobile } from '#tests/helpers/twilio-webhook.ts'

let twilioApi: TwilioStandIn
let t: TestContext
let transports: Transports
let a: TestHospital
let b: TestHospital
const numbers = { a: uniqueHospitalNumber(), b: uniqueHospitalNumber() }

beforeAll(async () => {
  twilioApi = await startTwilioStandIn()
  // No SMTP configured: email goes to the local outbox, SMS to the Twilio stand-in.
  t = createTestContext({ env: twilioEnv({ TWILIO_API_BASE: twilioApi.url }) })
  transports = createTransports(t.ctx.config)
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
  await updateOrganization(t.ctx.db, { organizationId: a.organization.id, smsNumber: numbers.a })
  await updateOrganization(t.ctx.db, { organizationId: b.organization.id, smsNumber: numbers.b })
})
afterAll(async () => {
  await transports?.sms.close()
  await transports?.email.close()
  await t?.close()
  await twilioApi?.close()
})

async function texts(h: 'a' | 'b', from: string, body: string) {
  const res = await postTwilioWebhook(t.ctx, '/webhooks/twilio/sms', inboundSmsParams({ from, to: numbers[h], body }))
  expect(res.status).toBe(200)
  return twimlMessage(res.text)
}

/** A web complaint leaving this phone (and an email): its receipt SMS and email are queued. */
async function receiptsFor(h: TestHospital, phone: string, email: string) {
  const result = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'complaint', channel: 'web', text: '门诊楼电梯长期故障', contactPhone: phone, contactEmail: email, locale: 'zh-CN' })
  if (!result.ok) throw new Error(result.error)
  const rows = await t.ctx.db
    .select()
    .from(outboundMessages)
    .where(and(eq(outboundMessages.organizationId, h.organization.id), eq(outboundMessages.template, 'receipt')))
  const mine = rows.filter((r) => r.text.includes(result.receipt.number!))
  return { sms: mine.find((r) => r.channel === 'sms')!, email: mine.find((r) => r.channel === 'email')! }
}

async function statusOf(messageId: string) {
  const [row] = await t.ctx.db.select().from(outboundMessages).where(eq(outboundMessages.id, messageId))
  return row!
}

const postsTo = (phone: string) => twilioApi.requests.filter((r) => r.to === phone)

describe('an opted-out number', () => {
  it('gets no SMS after TD: the queued receipt is suppressed and never reaches Twilio, while the email is still sent', async () => {
    const phone = uniqueMobile()
    expect(await texts('a', phone, 'TD')).toContain('您已退订本院短信通知')
    const { sms, email } = await receiptsFor(a, phone, `li.${phone.slice(-6)}@example.cn`)

    expect(await deliverMessage(t.ctx, transports, sms.id)).toBe('suppressed')
    expect(await statusOf(sms.id)).toMatchObject({ status: 'suppressed', providerMessageId: null, sentAt: null })
    expect(postsTo(phone)).toEqual([])
    // A retried job finds it done and still sends nothing.
    expect(await deliverMessage(t.ctx, transports, sms.id)).toBe('already-done')
    expect(postsTo(phone)).toEqual([])

    expect(await deliverMessage(t.ctx, transports, email.id)).toBe('sent')
    expect(await statusOf(email.id)).toMatchObject({ status: 'sent', transport: 'outbox' })
  })

  it('suppresses a receipt queued before the opt-out arrived', async () => {
    const phone = uniqueMobile()
    const { sms } = await receiptsFor(a, phone, `wang.${phone.slice(-6)}@example.cn`)
    await texts('a', phone, 'STOP')
    expect(await deliverMessage(t.ctx, transports, sms.id)).toBe('suppressed')
    expect(postsTo(phone)).toEqual([])
  })

  it('gets SMS again after START', async () => {
    const phone = uniqueMobile()
    await texts('a', phone, '退订')
    await texts('a', phone, 'START')
    const { sms } = await receiptsFor(a, phone, `zhao.${phone.slice(-6)}@example.cn`)
    expect(await deliverMessage(t.ctx, transports, sms.id)).toBe('sent')
    expect(await statusOf(sms.id)).toMatchObject({ status: 'sent', transport: 'twilio' })
    expect(postsTo(phone)).toHaveLength(1)
    expect(postsTo(phone)[0]!.body).toContain(sms.text.slice(0, 10))
  })

  it('is opted out of one hospital only', async () => {
    const phone = uniqueMobile()
    await texts('a', phone, 'UNSUBSCRIBE')
    const { sms } = await receiptsFor(b, phone, `chen.${phone.slice(-6)}@example.cn`)
    expect(await deliverMessage(t.ctx, transports, sms.id)).toBe('sent')
    expect(postsTo(phone)).toHaveLength(1)
  })
})
