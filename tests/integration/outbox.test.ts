import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queueEmail, queueSms } from '#app/services/messages.server.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

let t: TestContext
let a: TestHospital
let b: TestHospital
let aMessageId: string
let bMessageId: string

const EVIL_HTML = '<p>请点击链接设置密码。</p><script>window.parent.document.title = "pwned"</script><img src="x" onerror="alert(1)">'

beforeAll(async () => {
  t = createTestContext()
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
  aMessageId = (
    await queueEmail(t.ctx, t.ctx.db, {
      organizationId: a.organization.id,
      to: 'new.nurse@example.org',
      template: 'staff-invitation',
      email: { subject: '测试医院邀请您加入回音', text: '王护士，您好：\n请点击下面的链接设置密码并登录。', html: EVIL_HTML },
    })
  ).messageId
  bMessageId = (
    await queueEmail(t.ctx, t.ctx.db, {
      organizationId: b.organization.id,
      to: 'someone@hospital-b.example',
      template: 'staff-invitation',
      email: { subject: 'B 医院的私密邀请', text: 'B 医院正文', html: '<p>B</p>' },
    })
  ).messageId
})
afterAll(() => t.close())

const outbox = (h: TestHospital) => `/app/${h.organization.slug}/admin/outbox`

/** The rendered page content, without the loader data the hydration script repeats. */
function main(html: string) {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'))
}

async function signedIn(email: string, options: { acceptLanguage?: string } = {}, ctx = t.ctx) {
  const client = new AppClient(ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

describe('outbox list', () => {
  it('lists a queued email with its recipient, subject, type and status, and nothing of another hospital', async () => {
    const admin = await signedIn(a.users.admin.email)
    const res = await admin.get(outbox(a))
    expect(res.status).toBe(200)
    const page = { text: main(res.text) }
    expect(page.text).toContain('new.nurse@example.org')
    expect(page.text).toContain('测试医院邀请您加入回音')
    expect(page.text).toContain('员工邀请')
    expect(page.text).toContain('待发送')
    expect(page.text).toContain(`href="/app/${a.organization.slug}/admin/outbox/${aMessageId}"`)
    expect(page.text).not.toContain('B 医院的私密邀请')
  })

  it('shows an SMS by its first line, with translated labels in English', async () => {
    await queueSms(t.ctx, t.ctx.db, { organizationId: a.organization.id, to: '+8613800001234', template: 'survey-invite', body: '\n请为本次就医体验打分：回复 1-5。\n退订回复 TD' })
    const admin = await signedIn(a.users.admin.email, { acceptLanguage: 'en' })
    const page = { text: main((await admin.get(outbox(a))).text) }
    expect(page.text).toContain('+8613800001234')
    expect(page.text).toContain('请为本次就医体验打分：回复 1-5。')
    expect(page.text).not.toContain('退订回复 TD')
    expect(page.text).toContain('survey-invite')
    expect(page.text).toContain('Staff invitation')
    expect(page.text).toContain('Queued')
    expect(page.text).toContain('SMS')
  })

  it('explains that without SMTP or Twilio messages are only kept here and in the outbox folder', async () => {
    const admin = await signedIn(a.users.admin.email)
    const page = await admin.get(outbox(a))
    expect(page.text).toContain('未配置 SMTP 邮件服务器或 Twilio 短信服务时，消息不会真正发出')
    expect(page.text).toContain('/outbox/')
    expect(page.text).toContain('邮件：未配置 SMTP，不会真正发出，仅保存在发件箱')
    expect(page.text).toContain('短信：未配置 Twilio，不会真正发出，仅保存在发件箱')
  })

  it('says email goes out through SMTP when an SMTP server is configured', async () => {
    const withSmtp = createTestContext({ env: { SMTP_URL: 'smtp://127.0.0.1:2525' } })
    try {
      const admin = await signedIn(a.users.admin.email, {}, withSmtp.ctx)
      const page = await admin.get(outbox(a))
      expect(page.text).toContain('邮件：通过 SMTP 邮件服务器发送')
      expect(page.text).toContain('短信：未配置 Twilio，不会真正发出，仅保存在发件箱')
    } finally {
      await withSmtp.close()
    }
  })

  it('pages through older messages without skipping or repeating any queued at the same moment', async () => {
    const c = await createHospitalWithStaff(t.ctx)
    await t.ctx.db.transaction(async (tx) => {
      for (let i = 1; i <= 57; i++) {
        const n = String(i).padStart(2, '0')
        await queueEmail(t.ctx, tx, { organizationId: c.organization.id, to: `person${n}@example.org`, template: 'bulk-test', email: { subject: `批量消息-${n}`, text: 'x', html: '<p>x</p>' } })
      }
    })
    const admin = await signedIn(c.users.admin.email)
    const first = await admin.get(outbox(c))
    const seen = (html: string) => [...html.matchAll(/批量消息-(\d\d)/g)].map((m) => m[1])
    const page1 = seen(main(first.text))
    expect(page1).toHaveLength(50)
    const older = main(first.text).match(/href="([^"]*\?before=[^"]+)"/)?.[1]
    expect(older).toBeDefined()
    const second = await admin.get(older!.replace(/&amp;/g, '&'))
    expect(second.status).toBe(200)
    const page2 = seen(main(second.text))
    expect(page2).toHaveLength(7)
    expect(new Set([...page1, ...page2]).size).toBe(57)
    expect(main(second.text)).not.toMatch(/\?before=/)
    expect(second.text).toContain('回到最新')
  })
})

describe('outbox message', () => {
  it('shows the subject, recipient, status, attempts and the text body, with the HTML in a sandboxed frame', async () => {
    const admin = await signedIn(a.users.admin.email)
    const page = await admin.get(`${outbox(a)}/${aMessageId}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('测试医院邀请您加入回音')
    expect(page.text).toContain('new.nurse@example.org')
    expect(page.text).toContain('待发送')
    expect(page.text).toContain('尝试次数')
    expect(page.text).toMatch(/<pre class="message">王护士，您好：\n请点击下面的链接设置密码并登录。<\/pre>/)
    const iframe = page.text.match(/<iframe[^>]*>/)?.[0]
    expect(iframe).toBeDefined()
    expect(iframe).toContain('sandbox=""')
    expect(iframe).toContain('srcDoc="&lt;p&gt;请点击链接设置密码。&lt;/p&gt;&lt;script&gt;')
    expect(page.text).not.toContain('<script>window.parent')
    expect(page.text).not.toContain('<img src="x"')
  })

  it('gives a 404 for another hospital’s message and for a malformed id', async () => {
    const admin = await signedIn(a.users.admin.email)
    const foreign = await admin.get(`${outbox(a)}/${bMessageId}`)
    expect(foreign.status).toBe(404)
    expect(foreign.text).not.toContain('B 医院正文')
    expect((await admin.get(`${outbox(a)}/not-a-uuid`)).status).toBe(404)
  })

  it('is for administrators only', async () => {
    for (const role of ['patient_service', 'leadership', 'department_head'] as const) {
      const client = await signedIn(a.users[role].email)
      expect((await client.get(outbox(a))).status, role).toBe(403)
      expect((await client.get(`${outbox(a)}/${aMessageId}`)).status, role).toBe(403)
    }
  })
})
