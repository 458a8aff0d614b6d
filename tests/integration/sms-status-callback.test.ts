import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliverMessage } from '#app/services/message-delivery.server.ts'
import { queueSms } from '#app/services/messages.server.ts'
import { outboundMessages } from '#db/schema/index.ts'
import { createTransports, type Transports } from '#workers/transports/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff } from '#tests/helpers/factories.ts'
import { startTwilioStandIn, type TwilioStandIn } from '#tests/helpers/twilio-stand-in.ts'
import { postTwilioWebhook, TWILIO_TEST, twilioEnv, uniqueMobile } from '#tests/helpers/twilio-webhook.ts'

const STATUS_PATH = '/webhooks/twilio/status'
let twilioApi: TwilioStandIn
let t: TestContext
let transports: Transports
let organizationId: string

beforeAll(async () => {
  twilioApi = await startTwilioStandIn()
  t = createTestContext({ env: twilioEnv({ TWILIO_API_BASE: twilioApi.url }) })
  transports = createTransports(t.ctx.config)
  organizationId = (await createHospitalWithStaff(t.ctx)).organization.id
})
afterAll(async () => {
  await transports?.sms.close()
  await transports?.email.close()
  await t?.close()
  await twilioApi?.close()
})

/** An SMS sent through the Twilio transport to the stand-in; returns its row id, SID and recipient. */
async function sentSms() {
  const to = uniqueMobile()
  const { messageId } = await queueSms(t.ctx, t.ctx.db, { organizationId, to, template: 'receipt', body: '【测试医院】已收到您的投诉。' })
  expect(await deliverMessage(t.ctx, transports, messageId)).toBe('sent')
  const row = await messageRow(messageId)
  return { messageId, sid: row.providerMessageId!, to }
}

async function messageRow(messageId: string) {
  const [row] = await t.ctx.db.select().from(outboundMessages).where(eq(outboundMessages.id, messageId))
  return row!
}

/** A status callback's parameters as Twilio sends them. */
function callback(sid: string, to: string, status: string, extra: Record<string, string> = {}) {
  return { SmsSid: sid, SmsStatus: status, MessageStatus: status, To: to, MessageSid: sid, AccountSid: TWILIO_TEST.sid, From: TWILIO_TEST.from, ApiVersion: '2010-04-01', ...extra }
}

describe('Twilio status callbacks', () => {
  it('asks Twilio to report delivery to PUBLIC_URL/webhooks/twilio/status', async () => {
    const { to } = await sentSms()
    const i = twilioApi.requests.findIndex((r) => r.to === to)
    expect(twilioApi.forms[i]!.get('StatusCallback')).toBe(`${TWILIO_TEST.publicUrl}/webhooks/twilio/status`)
  })

  it('moves a sent message to delivered', async () => {
    const { messageId, sid, to } = await sentSms()
    const res = await postTwilioWebhook(t.ctx, STATUS_PATH, callback(sid, to, 'delivered'))
    expect(res.status).toBe(204)
    expect(await messageRow(messageId)).toMatchObject({ status: 'delivered', lastError: null })
  })

  it('marks an undelivered message failed and keeps Twilio’s error code', async () => {
    const { messageId, sid, to } = await sentSms()
    await postTwilioWebhook(t.ctx, STATUS_PATH, callback(sid, to, 'sent'))
    const res = await postTwilioWebhook(t.ctx, STATUS_PATH, callback(sid, to, 'undelivered', { ErrorCode: '30003' }))
    expect(res.status).toBe(204)
    const row = await messageRow(messageId)
    expect(row.status).toBe('failed')
    expect(row.lastError).toContain('30003')
  })

  it('keeps delivered when a late sent (or failed) callback arrives after it', async () => {
    const { messageId, sid, to } = await sentSms()
    await postTwilioWebhook(t.ctx, STATUS_PATH, callback(sid, to, 'delivered'))
    expect((await postTwilioWebhook(t.ctx, STATUS_PATH, callback(sid, to, 'sent'))).status).toBe(204)
    expect((await postTwilioWebhook(t.ctx, STATUS_PATH, callback(sid, to, 'sending'))).status).toBe(204)
    expect((await postTwilioWebhook(t.ctx, STATUS_PATH, callback(sid, to, 'failed', { ErrorCode: '30008' }))).status).toBe(204)
    expect(await messageRow(messageId)).toMatchObject({ status: 'delivered', lastError: null })
  })

  it('rejects a forged or unsigned callback and changes nothing', async () => {
    const { messageId, sid, to } = await sentSms()
    expect((await postTwilioWebhook(t.ctx, STATUS_PATH, callback(sid, to, 'failed'), { signature: 'Zm9yZ2Vk' })).status).toBe(403)
    expect((await postTwilioWebhook(t.ctx, STATUS_PATH, callback(sid, to, 'failed'), { signature: null })).status).toBe(403)
    expect((await postTwilioWebhook(t.ctx, STATUS_PATH, callback(sid, to, 'failed'), { signedUrl: `${TWILIO_TEST.publicUrl}/webhooks/twilio/sms` })).status).toBe(403)
    expect(await messageRow(messageId)).toMatchObject({ status: 'sent' })
  })

  it('accepts a callback for a message it does not know without changing anything, and refuses GET', async () => {
    const res = await postTwilioWebhook(t.ctx, STATUS_PATH, callback(`SM${'0'.repeat(32)}`, uniqueMobile(), 'delivered'))
    expect(res.status).toBe(204)
    expect((await new AppClient(t.ctx).get(STATUS_PATH)).status).toBe(405)
  })
})
