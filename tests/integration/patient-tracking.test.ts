import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken } from '#app/lib/tokens.server.ts'
import { recordSubmission, type SubmissionInput } from '#app/services/intake.server.ts'
import { updateOrganization } from '#db/queries/organizations.ts'
import { insertAttachments, insertTimelineEvent } from '#db/queries/submissions.ts'
import { attachments, cases, submissions, timelineEvents, trackingLinks } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { file, mainOf, multipart, PDF_BYTES, pngBytes, uniqueIp } from '#tests/helpers/patient.ts'

const clock = testClock(new Date('2026-11-20T03:00:00Z'))
let t: TestContext
let a: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  await updateOrganization(t.ctx.db, { organizationId: a.organization.id, intakeLimitPerHour: 1000 })
})
afterAll(() => t.close())

/** A QR complaint (or another kind) recorded as the form would; returns its receipt. */
async function recorded(extra: Partial<SubmissionInput> = {}) {
  const result = await recordSubmission(t.ctx, {
    organizationId: a.organization.id,
    kind: 'complaint',
    channel: 'qr',
    touchpointId: a.touchpoint.id,
    text: '输液室空调太冷，反映后无人处理',
    locale: 'zh-CN',
    attachments: [{ fileName: '输液室.png', contentType: 'image/png', content: pngBytes() }],
    ...extra,
  })
  if (!result.ok) throw new Error(result.error)
  return result.receipt
}

const patient = (options: { acceptLanguage?: string } = {}) => new AppClient(t.ctx, { ip: uniqueIp(), ...options })

describe('the tracking page', () => {
  it('shows the number, status and only the events meant for the patient', async () => {
    const receipt = await recorded()
    await insertTimelineEvent(t.ctx.db, { organizationId: a.organization.id, submissionId: receipt.submissionId, caseId: receipt.caseId, type: 'internal_note', visibleToPatient: false, body: '内部备注：患者情绪激动', createdAt: clock.now() })
    const res = await patient().get(`/t/${receipt.trackingToken}`)
    expect(res.status).toBe(200)
    const page = mainOf(res.text)
    expect(page).toContain(`<dd data-number="true">${receipt.number}</dd>`)
    expect(page).toContain('<dd data-status="true">已收到</dd>')
    expect(page).toContain('已收到您的反馈')
    expect(page).toContain('输液室空调太冷')
    expect(page).toContain('输液室.png')
    expect(page).not.toContain('内部备注')
    expect(page).not.toContain('data-case-number') // the receipt header is only for ?new=1
    expect(page).toContain('医院尚未答复')
  })

  it('shows the hospital’s answer once it is given', async () => {
    const receipt = await recorded()
    await t.ctx.db.update(cases).set({ answer: '已调整输液室空调温度，并向您致歉。', answeredAt: clock.now(), status: 'responded' }).where(eq(cases.id, receipt.caseId!))
    const page = mainOf((await patient().get(`/t/${receipt.trackingToken}`)).text)
    expect(page).toContain('<p class="answer-text">已调整输液室空调温度，并向您致歉。</p>')
    expect(page).toContain('<dd data-status="true">已答复</dd>')
    expect(page).not.toContain('医院尚未答复')
  })

  it('speaks English to an English browser', async () => {
    const receipt = await recorded({ kind: 'suggestion', attachments: [] })
    const page = mainOf((await patient({ acceptLanguage: 'en' }).get(`/t/${receipt.trackingToken}?new=1`)).text)
    expect(page).toContain('We have received your suggestion')
    expect(page).toContain('Reference number')
    expect(page).toContain('<dd data-status="true">Received</dd>')
  })

  it('is 404 for an unknown or malformed link', async () => {
    for (const token of ['x'.repeat(43), 'short', 'has.dots.in.it-and-is-long-enough-000000000']) {
      const res = await patient().get(`/t/${token}`)
      expect(res.status, token).toBe(404)
      expect(mainOf(res.text)).toContain('找不到这条反馈')
    }
    const client = patient()
    await client.get('/login')
    expect((await client.postMultipart(`/t/${'y'.repeat(43)}`, multipart({ intent: 'addInformation', text: '补充' }))).status).toBe(404)
  })

  it('stores the link only as a hash', async () => {
    const receipt = await recorded()
    const links = await t.ctx.db.select().from(trackingLinks).where(eq(trackingLinks.submissionId, receipt.submissionId))
    expect(links.map((l) => l.tokenHash)).toEqual([hashToken(receipt.trackingToken!)])
    const leaked = await t.ctx.db
      .select()
      .from(trackingLinks)
      .where(eq(trackingLinks.tokenHash, receipt.trackingToken!))
    expect(leaked).toEqual([])
    const [row] = await t.ctx.db.select().from(submissions).where(eq(submissions.id, receipt.submissionId))
    expect(JSON.stringify(row)).not.toContain(receipt.trackingToken!)
  })
})

describe('adding information', () => {
  it('adds the text and a file to the case’s timeline and shows them to the patient', async () => {
    const receipt = await recorded()
    const client = patient()
    await client.get(`/t/${receipt.trackingToken}`)
    const res = await client.postMultipart(`/t/${receipt.trackingToken}`, multipart({ intent: 'addInformation', text: '补充：当天是下午三点左右' }, [file(PDF_BYTES, '缴费单.pdf', 'application/pdf')]))
    expect(res.status, mainOf(res.text).slice(0, 800)).toBe(303)
    expect(res.location).toBe(`/t/${receipt.trackingToken}?added=1`)

    const events = await t.ctx.db
      .select()
      .from(timelineEvents)
      .where(and(eq(timelineEvents.submissionId, receipt.submissionId), eq(timelineEvents.type, 'patient_added_info')))
    expect(events).toMatchObject([{ caseId: receipt.caseId, visibleToPatient: true, body: '补充：当天是下午三点左右', channel: 'web', organizationId: a.organization.id }])
    const files = await t.ctx.db.select().from(attachments).where(eq(attachments.timelineEventId, events[0]!.id))
    expect(files.map((f) => [f.fileName, f.contentType, f.submissionId])).toEqual([['缴费单.pdf', 'application/pdf', receipt.submissionId]])

    const page = mainOf((await client.get(res.location!)).text)
    expect(page).toContain('已收到您补充的信息')
    expect(page).toContain('您补充了信息')
    expect(page).toContain('补充：当天是下午三点左右')
    expect(page).toContain(`href="/t/${receipt.trackingToken}/attachments/${files[0]!.id}"`)
  })

  it('adds information to a suggestion without a case', async () => {
    const receipt = await recorded({ kind: 'suggestion', attachments: [] })
    const client = patient()
    await client.get(`/t/${receipt.trackingToken}`)
    const res = await client.postMultipart(`/t/${receipt.trackingToken}`, multipart({ intent: 'addInformation', text: '建议补充' }))
    expect(res.status).toBe(303)
    const [event] = await t.ctx.db
      .select()
      .from(timelineEvents)
      .where(and(eq(timelineEvents.submissionId, receipt.submissionId), eq(timelineEvents.type, 'patient_added_info')))
    expect(event).toMatchObject({ caseId: null, body: '建议补充' })
  })

  it('asks for text or a file when both are empty, and refuses a file that is not a photo or PDF', async () => {
    const receipt = await recorded()
    const client = patient()
    await client.get(`/t/${receipt.trackingToken}`)
    const empty = await client.postMultipart(`/t/${receipt.trackingToken}`, multipart({ intent: 'addInformation', text: '  ' }))
    expect(empty.status).toBe(400)
    expect(mainOf(empty.text)).toContain('请填写补充说明或选择附件')
    const wrong = await client.postMultipart(`/t/${receipt.trackingToken}`, multipart({ intent: 'addInformation', text: '附上文件' }, [file('MZ not a picture', 'photo.png', 'image/png')]))
    expect(wrong.status).toBe(400)
    expect(mainOf(wrong.text)).toContain('“photo.png”不是支持的格式')
    expect(mainOf(wrong.text)).toContain('附上文件</textarea>')
    const events = await t.ctx.db.select().from(timelineEvents).where(and(eq(timelineEvents.submissionId, receipt.submissionId), eq(timelineEvents.type, 'patient_added_info')))
    expect(events).toEqual([])
  })

  it('is limited per hour like a new submission', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    await updateOrganization(t.ctx.db, { organizationId: h.organization.id, intakeLimitPerHour: 1 })
    const result = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'complaint', channel: 'web', text: '限额测试', locale: 'zh-CN' })
    const token = result.ok ? result.receipt.trackingToken! : ''
    const client = patient()
    await client.get(`/t/${token}`)
    expect((await client.postMultipart(`/t/${token}`, multipart({ intent: 'addInformation', text: '第一次补充' }))).status).toBe(303)
    const second = await client.postMultipart(`/t/${token}`, multipart({ intent: 'addInformation', text: '第二次补充' }))
    expect(second.status).toBe(429)
    expect(mainOf(second.text)).toContain('提交过于频繁')
    expect(mainOf(second.text)).toContain('第二次补充</textarea>')
  })
})

describe('attachments by tracking link', () => {
  it('serves only the patient’s own visible files', async () => {
    const mine = await recorded()
    const other = await recorded()
    const [otherFile] = await t.ctx.db.select().from(attachments).where(eq(attachments.submissionId, other.submissionId))
    const [myFile] = await t.ctx.db.select().from(attachments).where(eq(attachments.submissionId, mine.submissionId))
    const client = patient()
    expect((await client.get(`/t/${mine.trackingToken}/attachments/${myFile!.id}`)).status).toBe(200)
    expect((await client.get(`/t/${mine.trackingToken}/attachments/${otherFile!.id}`)).status).toBe(404)
    expect((await client.get(`/t/${mine.trackingToken}/attachments/not-a-uuid`)).status).toBe(404)
    expect((await client.get(`/t/${'z'.repeat(43)}/attachments/${myFile!.id}`)).status).toBe(404)

    // A file staff attached to an internal event is not the patient's to see.
    const internal = await insertTimelineEvent(t.ctx.db, { organizationId: a.organization.id, submissionId: mine.submissionId, caseId: mine.caseId, type: 'internal_note', visibleToPatient: false, createdAt: clock.now() })
    const [hidden] = await insertAttachments(t.ctx.db, [{ organizationId: a.organization.id, submissionId: mine.submissionId, timelineEventId: internal.id, fileName: '内部.pdf', contentType: 'application/pdf', content: PDF_BYTES }])
    expect((await client.get(`/t/${mine.trackingToken}/attachments/${hidden!.id}`)).status).toBe(404)
    expect(mainOf((await client.get(`/t/${mine.trackingToken}`)).text)).not.toContain('内部.pdf')
  })
})
