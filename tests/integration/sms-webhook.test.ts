import { and, eq } from 'drizzle-orm'
import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken } from '#app/lib/tokens.server.ts'
import { updateOrganization } from '#db/queries/organizations.ts'
import { isOptedOut } from '#db/queries/sms.ts'
import { findSubmissionByTrackingHash } from '#db/queries/submissions.ts'
import { cases, inboundSms, outboundMessages, submissions, timelineEvents } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { inboundSmsParams, newMessageSid, postTwilioWebhook, TWILIO_TEST, twilioEnv, twimlMessage, uniqueHospitalNumber, uniqueMobile } from '#tests/helpers/twilio-webhook.ts'

const SMS_PATH = '/webhooks/twilio/sms'
const clock = testClock(new Date('2026-03-02T02:00:00Z')) // Monday 10:00 in Shanghai
let t: TestContext
let h: TestHospital
let hospitalNumber: string

beforeAll(async () => {
  t = createTestContext({ clock, env: twilioEnv() })
  h = await createHospitalWithStaff(t.ctx)
  hospitalNumber = uniqueHospitalNumber()
  await updateOrganization(t.ctx.db, { organizationId: h.organization.id, smsNumber: hospitalNumber })
})
afterAll(() => t.close())

function text(from: string, body: string, messageSid?: string) {
  return postTwilioWebhook(t.ctx, SMS_PATH, inboundSmsParams({ from, to: hospitalNumber, body, ...(messageSid ? { messageSid } : {}) }))
}

/** Posts the SMS and returns the reply text, checking it is TwiML. */
async function reply(from: string, body: string, messageSid?: string) {
  const res = await text(from, body, messageSid)
  expect(res.status, res.text).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/xml/)
  expect(res.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response>/)
  return twimlMessage(res.text)
}

const submissionsFrom = (phone: string) =>
  t.ctx.db
    .select()
    .from(submissions)
    .where(and(eq(submissions.organizationId, h.organization.id), eq(submissions.contactPhone, phone)))

const inboundRows = (messageSid: string) => t.ctx.db.select().from(inboundSms).where(eq(inboundSms.messageSid, messageSid))

function trackingToken(message: string | null) {
  const m = message?.match(new RegExp(`${TWILIO_TEST.publicUrl.replace(/\./g, '\\.')}/t/([\\w-]+)`))
  if (!m) throw new Error(`no tracking link in ${message}`)
  return m[1]!
}

describe('receiving a complaint by SMS', () => {
  it('opens a complaint case on channel sms, owned by patient service, and replies in TwiML with its number, deadline and tracking link', async () => {
    const from = uniqueMobile()
    const message = await reply(from, '急诊科护士态度很差，等了三个小时没人管。')

    const [sub, ...more] = await submissionsFrom(from)
    expect(more).toHaveLength(0)
    expect(sub).toMatchObject({ kind: 'complaint', channel: 'sms', text: '急诊科护士态度很差，等了三个小时没人管。', contactPhone: from, consentToContact: true, locale: 'zh-CN' })
    const [kase] = await t.ctx.db.select().from(cases).where(eq(cases.submissionId, sub!.id))
    expect(kase).toMatchObject({ status: 'received', number: sub!.number, firstResponsibleDepartmentId: h.departments.patientService.id, ownerDepartmentId: h.departments.patientService.id })

    // Monday 2 March 2026 + 5 working days → Monday 9 March, shown in Beijing time.
    expect(message).toContain(`编号${sub!.number}`)
    expect(message).toContain('2026年3月9日')
    expect(message).toContain(h.organization.name)
    const token = trackingToken(message)
    expect((await findSubmissionByTrackingHash(t.ctx.db, hashToken(token)))?.id).toBe(sub!.id)

    const [row] = await t.ctx.db.select().from(inboundSms).where(eq(inboundSms.submissionId, sub!.id))
    expect(row).toMatchObject({ outcome: 'new_submission', fromPhone: from, toPhone: hospitalNumber, reply: message })
  })

  it('answers an English message in English and records it as English', async () => {
    const from = uniqueMobile()
    const message = await reply(from, 'The parking lot was full and the staff were rude.')
    const [sub] = await submissionsFrom(from)
    expect(sub).toMatchObject({ locale: 'en', channel: 'sms' })
    expect(message).toContain(`we received your complaint, number ${sub!.number}`)
    expect(message).toContain('Answer by Mar 9, 2026')
    expect(message).toContain(`${TWILIO_TEST.publicUrl}/t/`)
  })

  it('sends no separate receipt SMS: the TwiML reply is the receipt', async () => {
    const from = uniqueMobile()
    await reply(from, '挂号排队太久')
    const queued = await t.ctx.db.select().from(outboundMessages).where(eq(outboundMessages.recipient, from))
    expect(queued).toEqual([])
  })

  it('asks for words when the message has no text (a picture only) and stores no submission', async () => {
    const from = uniqueMobile()
    const sid = newMessageSid()
    const message = await reply(from, '   ', sid)
    expect(message).toContain('请用文字描述')
    expect(await submissionsFrom(from)).toEqual([])
    expect((await inboundRows(sid))[0]).toMatchObject({ outcome: 'ignored', submissionId: null })
  })
})

describe('the Twilio signature', () => {
  async function expectRejected(res: { status: number }, from: string, sid: string) {
    expect(res.status).toBe(403)
    expect(await submissionsFrom(from)).toEqual([])
    expect(await inboundRows(sid)).toEqual([])
  }

  it('rejects a forged signature and stores nothing', async () => {
    const from = uniqueMobile()
    const params = inboundSmsParams({ from, to: hospitalNumber, body: '伪造的投诉' })
    const res = await postTwilioWebhook(t.ctx, SMS_PATH, params, { signature: 'bm90IGEgcmVhbCBzaWduYXR1cmU=' })
    await expectRejected(res, from, params.MessageSid)
  })

  it('rejects a request signed with another auth token', async () => {
    const from = uniqueMobile()
    const params = inboundSmsParams({ from, to: hospitalNumber, body: '别人的令牌' })
    await expectRejected(await postTwilioWebhook(t.ctx, SMS_PATH, params, { token: 'someone-elses-token' }), from, params.MessageSid)
  })

  it('rejects a request with no signature', async () => {
    const from = uniqueMobile()
    const params = inboundSmsParams({ from, to: hospitalNumber, body: '没有签名' })
    await expectRejected(await postTwilioWebhook(t.ctx, SMS_PATH, params, { signature: null }), from, params.MessageSid)
  })

  it('rejects a signature computed for another URL (e.g. the internal http address)', async () => {
    const from = uniqueMobile()
    const params = inboundSmsParams({ from, to: hospitalNumber, body: '别的地址' })
    await expectRejected(await postTwilioWebhook(t.ctx, SMS_PATH, params, { signedUrl: `http://localhost${SMS_PATH}` }), from, params.MessageSid)
    await expectRejected(await postTwilioWebhook(t.ctx, SMS_PATH, params, { signedUrl: `${TWILIO_TEST.publicUrl}/webhooks/twilio/status` }), from, params.MessageSid)
  })

  it('rejects parameters changed after signing', async () => {
    const from = uniqueMobile()
    const params = inboundSmsParams({ from, to: hospitalNumber, body: '原文' })
    const signature = twilio.getExpectedTwilioSignature(TWILIO_TEST.token, `${TWILIO_TEST.publicUrl}${SMS_PATH}`, params)
    await expectRejected(await postTwilioWebhook(t.ctx, SMS_PATH, { ...params, Body: '篡改后的内容' }, { signature }), from, params.MessageSid)
  })

  it('answers 405 to a GET and 404 when Twilio is not configured', async () => {
    expect((await new AppClient(t.ctx).get(SMS_PATH)).status).toBe(405)
    const unconfigured = createTestContext()
    try {
      const res = await postTwilioWebhook(unconfigured.ctx, SMS_PATH, inboundSmsParams({ from: uniqueMobile(), to: hospitalNumber, body: '未配置' }))
      expect(res.status).toBe(404)
    } finally {
      await unconfigured.close()
    }
  })
})

describe('a repeated MessageSid', () => {
  it('creates one submission and gives the same reply when Twilio sends the message again', async () => {
    const from = uniqueMobile()
    const sid = newMessageSid()
    const first = await reply(from, '药房窗口只开了一个', sid)
    const again = await reply(from, '药房窗口只开了一个', sid)
    expect(again).toBe(first)
    expect(await submissionsFrom(from)).toHaveLength(1)
    expect(await inboundRows(sid)).toHaveLength(1)
  })

  it('creates one submission when the same message arrives twice at the same moment', async () => {
    const from = uniqueMobile()
    const sid = newMessageSid()
    const replies = await Promise.all([reply(from, '病房空调坏了三天', sid), reply(from, '病房空调坏了三天', sid), reply(from, '病房空调坏了三天', sid)])
    expect(new Set(replies).size).toBe(1)
    expect(replies[0]).toMatch(/编号HY-/)
    expect(await submissionsFrom(from)).toHaveLength(1)
    expect(await inboundRows(sid)).toHaveLength(1)
  })
})

describe('opt-out keywords', () => {
  it.each([
    ['TD', '您已退订本院短信通知。回复START可恢复。'],
    ['退订', '您已退订本院短信通知。回复START可恢复。'],
    ['STOP', 'You will no longer receive text messages from'],
    ['unsubscribe', 'You will no longer receive text messages from'],
  ])('%s opts the number out and confirms in the keyword’s language', async (keyword, confirmation) => {
    const from = uniqueMobile()
    const message = await reply(from, keyword)
    expect(message).toContain(confirmation)
    expect(await isOptedOut(t.ctx.db, { organizationId: h.organization.id, phone: from })).toBe(true)
    expect(await submissionsFrom(from)).toEqual([])
  })

  it('START opts the number back in', async () => {
    const from = uniqueMobile()
    await reply(from, 'TD')
    const message = await reply(from, 'START')
    expect(message).toContain('您已恢复接收本院短信通知')
    expect(await isOptedOut(t.ctx.db, { organizationId: h.organization.id, phone: from })).toBe(false)
  })

  it('still takes complaints from an opted-out number (opting out only stops our messages)', async () => {
    const from = uniqueMobile()
    await reply(from, '退订')
    const message = await reply(from, '收费处多收了我五十元')
    expect(message).toMatch(/编号HY-/)
    expect(await submissionsFrom(from)).toHaveLength(1)
    expect(await isOptedOut(t.ctx.db, { organizationId: h.organization.id, phone: from })).toBe(true)
  })
})

describe('a follow-up SMS', () => {
  it('is added to the case opened in the last 14 days, and after that opens a new case', async () => {
    const from = uniqueMobile()
    const start = clock.now()
    try {
      const first = await reply(from, '医生没有解释检查结果')
      const [sub] = await submissionsFrom(from)
      const [kase] = await t.ctx.db.select().from(cases).where(eq(cases.submissionId, sub!.id))

      clock.advance(13 * 86_400_000)
      const followUp = await reply(from, '补充：是上周三下午的门诊')
      expect(followUp).toContain(`您的短信已补充到投诉${sub!.number}中`)
      expect(trackingToken(followUp)).not.toBe(trackingToken(first))
      expect((await findSubmissionByTrackingHash(t.ctx.db, hashToken(trackingToken(followUp))))?.id).toBe(sub!.id)
      expect(await submissionsFrom(from)).toHaveLength(1)
      const events = await t.ctx.db.select().from(timelineEvents).where(and(eq(timelineEvents.submissionId, sub!.id), eq(timelineEvents.type, 'patient_added_info')))
      expect(events).toMatchObject([{ caseId: kase!.id, channel: 'sms', visibleToPatient: true, body: '补充：是上周三下午的门诊' }])

      clock.set(new Date(start.getTime() + 15 * 86_400_000))
      const later = await reply(from, '又一次遇到同样的问题')
      const mine = await submissionsFrom(from)
      expect(mine).toHaveLength(2)
      const newer = mine.find((s) => s.id !== sub!.id)!
      expect(later).toContain(`编号${newer.number}`)
      expect(await t.ctx.db.select().from(cases).where(eq(cases.submissionId, newer.id))).toHaveLength(1)
    } finally {
      clock.set(start)
    }
  })

  it('honours the hospital’s own attach window', async () => {
    const other = await createHospitalWithStaff(t.ctx)
    const number = uniqueHospitalNumber()
    await updateOrganization(t.ctx.db, { organizationId: other.organization.id, smsNumber: number, smsAttachWindowDays: 2 })
    const from = uniqueMobile()
    const start = clock.now()
    try {
      await postTwilioWebhook(t.ctx, SMS_PATH, inboundSmsParams({ from, to: number, body: '第一条' }))
      clock.advance(3 * 86_400_000)
      await postTwilioWebhook(t.ctx, SMS_PATH, inboundSmsParams({ from, to: number, body: '第二条' }))
      const rows = await t.ctx.db.select().from(submissions).where(and(eq(submissions.organizationId, other.organization.id), eq(submissions.contactPhone, from)))
      expect(rows).toHaveLength(2)
    } finally {
      clock.set(start)
    }
  })
})

describe('routing by the number texted', () => {
  it('stores nothing and replies nothing for a number no hospital uses', async () => {
    const from = uniqueMobile()
    const sid = newMessageSid()
    const res = await postTwilioWebhook(t.ctx, SMS_PATH, inboundSmsParams({ from, to: uniqueHospitalNumber(), body: '打错号码了', messageSid: sid }))
    expect(res.status).toBe(200)
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>')
    expect(await inboundRows(sid)).toEqual([])
    const anywhere = await t.ctx.db.select().from(submissions).where(eq(submissions.contactPhone, from))
    expect(anywhere).toEqual([])
  })

  it('files the message under the hospital whose number was texted', async () => {
    const other = await createHospitalWithStaff(t.ctx)
    const number = uniqueHospitalNumber()
    await updateOrganization(t.ctx.db, { organizationId: other.organization.id, smsNumber: number })
    const from = uniqueMobile()
    const res = await postTwilioWebhook(t.ctx, SMS_PATH, inboundSmsParams({ from, to: number, body: '另一家医院的投诉' }))
    expect(twimlMessage(res.text)).toContain(other.organization.name)
    const rows = await t.ctx.db.select().from(submissions).where(eq(submissions.contactPhone, from))
    expect(rows.map((r) => r.organizationId)).toEqual([other.organization.id])
  })
})

describe('the per-phone limit', () => {
  it('answers politely and stores nothing once a number has sent the hospital’s hourly limit', async () => {
    const limited = await createHospitalWithStaff(t.ctx)
    const number = uniqueHospitalNumber()
    await updateOrganization(t.ctx.db, { organizationId: limited.organization.id, smsNumber: number, intakeLimitPerHour: 2 })
    const from = uniqueMobile()
    const send = async (body: string) => twimlMessage((await postTwilioWebhook(t.ctx, SMS_PATH, inboundSmsParams({ from, to: number, body }))).text)

    expect(await send('第一条投诉')).toMatch(/编号HY-/)
    expect(await send('第二条：补充说明')).toContain('已补充到投诉')
    const third = inboundSmsParams({ from, to: number, body: '第三条' })
    const res = await postTwilioWebhook(t.ctx, SMS_PATH, third)
    expect(twimlMessage(res.text)).toContain('一小时内发送的反馈较多，请稍后再发')
    expect((await inboundRows(third.MessageSid))[0]).toMatchObject({ outcome: 'rate_limited', submissionId: null })

    const rows = await t.ctx.db.select().from(submissions).where(and(eq(submissions.organizationId, limited.organization.id), eq(submissions.contactPhone, from)))
    expect(rows).toHaveLength(1)
    const events = await t.ctx.db.select().from(timelineEvents).where(and(eq(timelineEvents.submissionId, rows[0]!.id), eq(timelineEvents.type, 'patient_added_info')))
    expect(events.map((e) => e.body)).toEqual(['第二条：补充说明'])

    // STOP always works, and another number is not affected.
    expect(await send('STOP')).toContain('You will no longer receive')
    expect(twimlMessage((await postTwilioWebhook(t.ctx, SMS_PATH, inboundSmsParams({ from: uniqueMobile(), to: number, body: '别的号码' }))).text)).toMatch(/编号HY-/)
  })
})
