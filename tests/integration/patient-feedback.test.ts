import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ATTACHMENT_MAX_BYTES } from '#app/domain/intake.ts'
import { updateDepartment } from '#db/queries/departments.ts'
import { updateOrganization } from '#db/queries/organizations.ts'
import { updateTouchpoint } from '#db/queries/touchpoints.ts'
import { attachments, cases, outboundMessages, submissions } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { file, hasTag, JPEG_BYTES, mainOf, multipart, PDF_BYTES, pngBytes, submissionsOf, tokenFrom, uniqueIp, uniquePhone } from '#tests/helpers/patient.ts'

const clock = testClock(new Date('2026-11-20T03:00:00Z')) // Friday 11:00 in Shanghai
let t: TestContext
let a: TestHospital
let b: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
  // Most tests here are not about the hourly limit: give the shared hospitals room.
  for (const h of [a, b]) await updateOrganization(t.ctx.db, { organizationId: h.organization.id, intakeLimitPerHour: 1000 })
})
afterAll(() => t.close())

const qr = (h: TestHospital) => `/q/${h.touchpoint.publicCode}`
const web = (h: TestHospital) => `/h/${h.organization.slug}/feedback`

/** A patient's phone: its own address, Chinese unless told otherwise. */
async function patient(page: string, options: { acceptLanguage?: string; ip?: string } = {}) {
  const client = new AppClient(t.ctx, { ip: options.ip ?? uniqueIp(), acceptLanguage: options.acceptLanguage })
  const res = await client.get(page)
  expect(res.status).toBe(200)
  return client
}

const complaintFields = { intent: 'feedback', kind: 'complaint', category: 'process_waiting', text: '心内科病区护士站无人值守，等了四十分钟' }

/** Sends the full form and expects the redirect to the tracking page; returns the stored rows. */
async function sendFeedback(client: AppClient, page: string, fields: Record<string, string>, files: File[] = []) {
  const res = await client.postMultipart(page, multipart(fields, files))
  expect(res.status, mainOf(res.text).slice(0, 1500)).toBe(303)
  const token = tokenFrom(res.location)
  const [submission] = await t.ctx.db.select().from(submissions).where(eq(submissions.text, fields.text!))
  const [kase] = submission ? await t.ctx.db.select().from(cases).where(eq(cases.submissionId, submission.id)) : []
  return { res, token, submission: submission!, kase }
}

async function expectNothingStored(h: TestHospital, before: number) {
  expect((await submissionsOf(t.ctx, h.organization.id)).length).toBe(before)
}

describe('quick rating on a QR code', () => {
  it('stores one tap as a rating of the touchpoint and its department, and thanks the patient', async () => {
    const client = await patient(qr(a))
    const res = await client.post(qr(a), { intent: 'rate', rating: '4' })
    expect(res.status).toBe(200)
    expect(mainOf(res.text)).toContain('感谢您的评价！')
    expect(mainOf(res.text)).toContain('您的评价：满意')
    const ratings = (await submissionsOf(t.ctx, a.organization.id)).filter((s) => s.kind === 'rating')
    expect(ratings).toHaveLength(1)
    expect(ratings[0]).toMatchObject({ rating: 4, channel: 'qr', touchpointId: a.touchpoint.id, departmentId: a.departments.cardiology.id, number: null, text: '', locale: 'zh-CN' })
  })

  it('shows five faces with their words, each a submit button', async () => {
    const client = new AppClient(t.ctx, { ip: uniqueIp() })
    const page = mainOf((await client.get(qr(a))).text)
    const buttons = [...page.matchAll(/<button([^>]*)>(.*?)<\/button>/g)].filter((m) => m[1]!.includes('name="rating"'))
    expect(buttons.map((m) => m[1]!.match(/value="(\d)"/)![1])).toEqual(['1', '2', '3', '4', '5'])
    expect(buttons.every((m) => m[1]!.includes('type="submit"'))).toBe(true)
    expect(buttons.map((m) => m[2]!.replace(/<[^>]+>/g, '').replace(/[^\u4e00-\u9fff]/g, ''))).toEqual(['很不满意', '不满意', '一般', '满意', '很满意'])
  })

  it('adds the optional comment to that rating, once, and refuses it after an hour', async () => {
    const client = await patient(qr(a))
    const rated = await client.post(qr(a), { intent: 'rate', rating: '2' })
    const ratingToken = rated.text.match(/name="ratingToken" value="([^"]+)"/)?.[1]
    expect(ratingToken).toBeTruthy()
    const id = ratingToken!.split('.')[0]!

    const commented = await client.post(qr(a), { intent: 'comment', ratingToken: ratingToken!, rating: '2', comment: '候诊区太吵了' })
    expect(commented.status).toBe(200)
    expect(mainOf(commented.text)).toContain('已收到您的补充意见，谢谢！')
    const [row] = await t.ctx.db.select().from(submissions).where(eq(submissions.id, id))
    expect(row).toMatchObject({ kind: 'rating', rating: 2, text: '候诊区太吵了' })

    const again = await client.post(qr(a), { intent: 'comment', ratingToken: ratingToken!, rating: '2', comment: '再说一遍' })
    expect(again.status).toBe(400)
    expect(mainOf(again.text)).toContain('补充意见只能在评价后一小时内提交一次。')
    const forged = await client.post(qr(a), { intent: 'comment', ratingToken: `${id}.${clock.now().getTime()}.forged`, rating: '2', comment: '伪造' })
    expect(forged.status).toBe(400)

    const late = await client.post(qr(a), { intent: 'rate', rating: '3' })
    const lateToken = late.text.match(/name="ratingToken" value="([^"]+)"/)![1]!
    clock.advance(61 * 60 * 1000)
    try {
      const tooLate = await client.post(qr(a), { intent: 'comment', ratingToken: lateToken, rating: '3', comment: '太晚了' })
      expect(mainOf(tooLate.text)).toContain('补充意见只能在评价后一小时内提交一次。')
      const [lateRow] = await t.ctx.db.select().from(submissions).where(eq(submissions.id, lateToken.split('.')[0]!))
      expect(lateRow!.text).toBe('')
      expect((await t.ctx.db.select().from(submissions).where(eq(submissions.id, id)))[0]!.text).toBe('候诊区太吵了')
    } finally {
      clock.advance(-61 * 60 * 1000)
    }
  })

  it('refuses a rating outside 1–5', async () => {
    const client = await patient(qr(a))
    const res = await client.post(qr(a), { intent: 'rate', rating: '9' })
    expect(res.status).toBe(400)
    expect(mainOf(res.text)).toContain('请选择一个评分')
  })
})

describe('a complaint from a QR code', () => {
  it('records a complaint with a photo as a received case of the touchpoint department and shows its receipt', async () => {
    const client = await patient(qr(a))
    const { res, token, submission, kase } = await sendFeedback(client, qr(a), complaintFields, [file(pngBytes(), '走廊.png', 'image/png')])
    expect(res.location).toBe(`/t/${token}?new=1`)
    expect(submission).toMatchObject({ kind: 'complaint', channel: 'qr', touchpointId: a.touchpoint.id, departmentId: a.departments.cardiology.id, category: 'process_waiting', locale: 'zh-CN' })
    expect(submission.number).toMatch(/^HY-202611-\d{5}$/)
    expect(kase).toMatchObject({ status: 'received', number: submission.number, firstResponsibleDepartmentId: a.departments.cardiology.id, ownerDepartmentId: a.departments.cardiology.id })
    expect(kase!.answerDueAt.toISOString()).toBe('2026-11-27T03:00:00.000Z')
    const files = await t.ctx.db.select().from(attachments).where(eq(attachments.submissionId, submission.id))
    expect(files.map((f) => [f.fileName, f.contentType])).toEqual([['走廊.png', 'image/png']])

    const receipt = await client.get(res.location!)
    expect(receipt.status).toBe(200)
    const page = mainOf(receipt.text)
    expect(page).toContain('我们已收到您的投诉')
    expect(page).toContain('投诉编号')
    expect(page).toContain(`<strong data-case-number="true">${submission.number}</strong>`)
    expect(page).toContain('我们将在 2026年11月27日 前答复您。')
    expect(page).toContain(`${t.ctx.config.publicUrl}/t/${token}`)
    expect(page).toContain('<dd data-status="true">已收到</dd>')
    expect(page).toContain('心血管内科会尽快核实情况')
    expect(page).not.toContain('回执也已发送')
    expect(receipt.headers.get('cache-control')).toBe('private, no-store')
    expect(receipt.headers.get('referrer-policy')).toBe('same-origin')
  })

  it('queues the receipt by SMS and email when a phone and email are given, and none without', async () => {
    const client = await patient(qr(a))
    const phone = uniquePhone()
    const withContact = await sendFeedback(client, qr(a), { ...complaintFields, text: '带联系方式的投诉', contactName: '王女士', contactPhone: phone, contactEmail: 'wang@example.cn', consentToContact: 'on' })
    expect(withContact.submission).toMatchObject({ contactPhone: `+86${phone}`, contactEmail: 'wang@example.cn', contactName: '王女士', consentToContact: true })
    const sent = await t.ctx.db
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.organizationId, a.organization.id), eq(outboundMessages.template, 'receipt')))
    const mine = sent.filter((m) => m.text.includes(withContact.submission.number!))
    expect(mine.map((m) => [m.channel, m.recipient]).sort()).toEqual([
      ['email', 'wang@example.cn'],
      ['sms', `+86${phone}`],
    ])
    expect(mainOf((await client.get(withContact.res.location!)).text)).toContain('回执也已发送到您留下的手机或电子邮箱。')

    const anonymous = await sendFeedback(client, qr(a), { ...complaintFields, text: '匿名投诉' })
    // Case numbers repeat across hospitals: only this hospital's messages count.
    const ours = await t.ctx.db.select().from(outboundMessages).where(eq(outboundMessages.organizationId, a.organization.id))
    expect(ours.filter((m) => m.text.includes(anonymous.submission.number!))).toEqual([])
  })

  it('numbers cases one after another per hospital, independently of other hospitals', async () => {
    const fresh = await createHospitalWithStaff(t.ctx)
    const client = await patient(qr(a))
    const first = await sendFeedback(client, qr(a), { ...complaintFields, text: '编号测试一' })
    const second = await sendFeedback(client, qr(a), { ...complaintFields, text: '编号测试二' })
    expect(Number(second.submission.number!.slice(-5))).toBe(Number(first.submission.number!.slice(-5)) + 1)
    const other = await sendFeedback(await patient(qr(fresh)), qr(fresh), { ...complaintFields, text: '另一家医院的投诉' })
    expect(other.submission.number).toBe('HY-202611-00001')
    const third = await sendFeedback(client, qr(a), { ...complaintFields, text: '编号测试三' })
    expect(Number(third.submission.number!.slice(-5))).toBe(Number(second.submission.number!.slice(-5)) + 1)
  })

  it('credits praise to the touchpoint department with the staff member named', async () => {
    const client = await patient(qr(a))
    const { submission, kase, res } = await sendFeedback(client, qr(a), { intent: 'feedback', kind: 'praise', text: '赵护士非常耐心', praisedStaffName: '赵护士' })
    expect(submission).toMatchObject({ kind: 'praise', departmentId: a.departments.cardiology.id, praisedStaffName: '赵护士' })
    expect(kase).toBeUndefined()
    const page = mainOf((await client.get(res.location!)).text)
    expect(page).toContain('反馈编号')
    expect(page).toContain('<dd data-status="true">已收到</dd>')
    expect(page).not.toContain('data-answer-due')
  })
})

describe('the hospital’s web form', () => {
  it('routes a complaint to the patient-service department, also when the patient names a department', async () => {
    const client = await patient(web(a))
    const { submission, kase } = await sendFeedback(client, web(a), { ...complaintFields, text: '网站投诉：收费不清楚', category: 'costs', departmentId: a.departments.radiology.id })
    expect(submission).toMatchObject({ channel: 'web', touchpointId: null, departmentId: a.departments.radiology.id })
    expect(kase).toMatchObject({ status: 'received', firstResponsibleDepartmentId: a.departments.patientService.id })
    const plain = await sendFeedback(client, web(a), { ...complaintFields, text: '网站投诉：不选科室' })
    expect(plain.submission.departmentId).toBeNull()
    expect(plain.kase!.firstResponsibleDepartmentId).toBe(a.departments.patientService.id)
  })

  it('credits praise to the chosen department and the named staff member', async () => {
    const client = await patient(web(a))
    const { submission, kase } = await sendFeedback(client, web(a), { intent: 'feedback', kind: 'praise', text: '放射科李医生解释得很清楚', departmentId: a.departments.radiology.id, praisedStaffName: '李医生' })
    expect(submission).toMatchObject({ kind: 'praise', channel: 'web', departmentId: a.departments.radiology.id, praisedStaffName: '李医生' })
    expect(kase).toBeUndefined()
  })

  it('refuses a department of another hospital and keeps what was typed', async () => {
    const client = await patient(web(a))
    const before = (await submissionsOf(t.ctx, a.organization.id)).length
    const res = await client.postMultipart(web(a), multipart({ ...complaintFields, text: '别家科室', departmentId: b.departments.radiology.id }))
    expect(res.status).toBe(400)
    expect(mainOf(res.text)).toContain('请选择有效的科室')
    expect(mainOf(res.text)).toContain('别家科室</textarea>')
    await expectNothingStored(a, before)
  })

  it('is 404 for an unknown hospital', async () => {
    const res = await new AppClient(t.ctx).get('/h/no-such-hospital/feedback')
    expect(res.status).toBe(404)
    expect(mainOf(res.text)).toContain('找不到反馈页面')
  })
})

describe('refused input comes back with a clear message and everything typed', () => {
  const typed = { intent: 'feedback', category: 'food', text: '午餐是凉的', contactName: '陈先生', contactPhone: '12345', contactEmail: 'chen@example.cn' }

  it('lists the problems in Chinese and keeps the values', async () => {
    const client = await patient(qr(a))
    const before = (await submissionsOf(t.ctx, a.organization.id)).length
    const res = await client.postMultipart(qr(a), multipart({ ...typed, text: '   ' }))
    expect(res.status).toBe(400)
    const page = mainOf(res.text)
    expect(page).toContain('role="alert"')
    expect(page).toContain('请更正以下错误后重试。')
    expect(page).toContain('请选择反馈类型')
    expect(page).toContain('请填写反馈内容')
    expect(page).toContain('请填写正确的 11 位手机号码')
    expect(page).toContain('href="#fb-contactPhone"')
    expect(hasTag(page, 'input', { name: 'contactName', value: '陈先生' })).toBe(true)
    expect(hasTag(page, 'input', { name: 'contactPhone', value: '12345', 'aria-invalid': 'true', 'aria-describedby': 'fb-contactPhone-hint fb-contactPhone-error' })).toBe(true)
    expect(hasTag(page, 'input', { name: 'contactEmail', value: 'chen@example.cn' })).toBe(true)
    expect(hasTag(page, 'option', { value: 'food', selected: '' })).toBe(true)
    await expectNothingStored(a, before)
  })

  it('answers in English for an English browser, keeping the values', async () => {
    const client = await patient(qr(a), { acceptLanguage: 'en-US,en;q=0.9' })
    const res = await client.postMultipart(qr(a), multipart({ ...typed, kind: 'suggestion' }))
    expect(res.status).toBe(400)
    const page = mainOf(res.text)
    expect(page).toContain('Enter a valid 11-digit mainland China mobile number')
    expect(page).not.toContain('Choose what kind of feedback this is')
    expect(page).toContain('午餐是凉的</textarea>')
    expect(hasTag(page, 'input', { type: 'radio', value: 'suggestion', checked: '' })).toBe(true)
    expect(res.text).toContain('<html lang="en">')
  })

  it('asks for a phone or email when the patient agrees to be contacted without one', async () => {
    const client = await patient(qr(a))
    const res = await client.postMultipart(qr(a), multipart({ ...complaintFields, text: '同意联系但没留方式', consentToContact: 'on' }))
    expect(res.status).toBe(400)
    expect(mainOf(res.text)).toContain('如需我们联系您，请留下手机号码或电子邮箱')
    expect(hasTag(mainOf(res.text), 'input', { name: 'consentToContact', checked: '' })).toBe(true)
  })

  it('rejects a filled-in honeypot and stores nothing', async () => {
    const client = await patient(qr(a))
    const before = (await submissionsOf(t.ctx, a.organization.id)).length
    const res = await client.postMultipart(qr(a), multipart({ ...complaintFields, text: '机器人', website: 'http://spam.example' }))
    expect(res.status).toBe(400)
    expect(mainOf(res.text)).toContain('提交未成功，请刷新页面后重试')
    const rating = await client.post(qr(a), { intent: 'rate', rating: '5', website: 'x' })
    expect(rating.status).toBe(400)
    await expectNothingStored(a, before)
  })

  it('refuses a file over 5 MB, keeps the text and asks to choose the files again', async () => {
    const client = await patient(qr(a))
    const before = (await submissionsOf(t.ctx, a.organization.id)).length
    const big = Buffer.concat([pngBytes(), Buffer.alloc(ATTACHMENT_MAX_BYTES + 1 - pngBytes().length)])
    const res = await client.postMultipart(qr(a), multipart({ ...complaintFields, text: '照片太大' }, [file(big, '大照片.png', 'image/png'), file(pngBytes(), '小照片.png', 'image/png')]))
    expect(res.status).toBe(400)
    const page = mainOf(res.text)
    expect(page).toContain('“大照片.png”超过 5 MB，请压缩后再上传')
    expect(page).toContain('请重新选择附件')
    expect(page).toContain('照片太大</textarea>')
    await expectNothingStored(a, before)
  })

  it('judges files by their content: text named .jpg is refused, a PNG named .pdf is stored as PNG', async () => {
    const client = await patient(qr(a))
    const before = (await submissionsOf(t.ctx, a.organization.id)).length
    const res = await client.postMultipart(qr(a), multipart({ ...complaintFields, text: '假照片' }, [file('this is not a photo', 'photo.jpg', 'image/jpeg')]))
    expect(res.status).toBe(400)
    expect(mainOf(res.text)).toContain('“photo.jpg”不是支持的格式')
    await expectNothingStored(a, before)

    const { submission } = await sendFeedback(client, qr(a), { ...complaintFields, text: '改了扩展名的照片' }, [file(pngBytes(), 'scan.pdf', 'application/pdf')])
    const stored = await t.ctx.db.select().from(attachments).where(eq(attachments.submissionId, submission.id))
    expect(stored.map((f) => [f.fileName, f.contentType])).toEqual([['scan.pdf', 'image/png']])
  })

  it('refuses more than three files', async () => {
    const client = await patient(qr(a))
    const before = (await submissionsOf(t.ctx, a.organization.id)).length
    const four = [1, 2, 3, 4].map((i) => file(pngBytes(), `p${i}.png`, 'image/png'))
    const res = await client.postMultipart(qr(a), multipart({ ...complaintFields, text: '四个附件' }, four))
    expect(res.status).toBe(400)
    expect(mainOf(res.text)).toContain('最多上传 3 个附件')
    expect(mainOf(res.text)).toContain('四个附件</textarea>')
    await expectNothingStored(a, before)
  })

  it('refuses a request over 20 MB with a clear message', async () => {
    const client = await patient(qr(a))
    const before = (await submissionsOf(t.ctx, a.organization.id)).length
    const huge = Buffer.alloc(21 * 1024 * 1024)
    const res = await client.postMultipart(qr(a), multipart({ ...complaintFields, text: '超大' }, [file(huge, 'huge.png', 'image/png')]))
    expect(res.status).toBe(413)
    expect(mainOf(res.text)).toContain('上传的内容过大，请减少附件后重试')
    await expectNothingStored(a, before)
  })
})

describe('attachments on the tracking page', () => {
  it('accepts a JPEG and a PDF and lets the patient download them', async () => {
    const client = await patient(qr(a))
    const { res, submission } = await sendFeedback(client, qr(a), { ...complaintFields, text: '附照片和病历' }, [file(JPEG_BYTES, 'IMG_0001.JPG', 'image/jpeg'), file(PDF_BYTES, '病历.pdf', 'application/pdf')])
    const stored = await t.ctx.db.select().from(attachments).where(eq(attachments.submissionId, submission.id))
    expect(stored.map((f) => f.contentType).sort()).toEqual(['application/pdf', 'image/jpeg'])
    const page = mainOf((await client.get(res.location!)).text)
    const token = tokenFrom(res.location)
    for (const f of stored) {
      const href = `/t/${token}/attachments/${f.id}`
      expect(page).toContain(`href="${href}"`)
      const download = await new AppClient(t.ctx).get(href)
      expect(download.status).toBe(200)
      expect(download.headers.get('content-type')).toBe(f.contentType)
      expect(download.headers.get('x-content-type-options')).toBe('nosniff')
      expect(download.headers.get('cache-control')).toBe('private, no-store')
      expect(Buffer.from(download.bytes).equals(f.contentType === 'application/pdf' ? PDF_BYTES : JPEG_BYTES)).toBe(true)
      const disposition = download.headers.get('content-disposition')!
      expect(disposition.startsWith(f.contentType === 'application/pdf' ? 'attachment;' : 'inline;')).toBe(true)
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
    }
  })
})

describe('hourly limits per address and per phone', () => {
  it('refuses the 11th submission in an hour from one address by default, keeping what was typed', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const ip = uniqueIp()
    const client = await patient(web(h), { ip })
    for (let i = 1; i <= 10; i++) await sendFeedback(client, web(h), { intent: 'feedback', kind: 'suggestion', text: `默认上限建议 ${i}` })
    const res = await client.postMultipart(web(h), multipart({ intent: 'feedback', kind: 'suggestion', text: '第十一条建议' }))
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(mainOf(res.text)).toMatch(/提交过于频繁，请 \d+ 分钟后再试/)
    expect(mainOf(res.text)).toContain('第十一条建议</textarea>')
    expect((await submissionsOf(t.ctx, h.organization.id)).length).toBe(10)
  })

  it('follows the hospital’s own limit, counts quick ratings too, and keeps other addresses free', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    await updateOrganization(t.ctx.db, { organizationId: h.organization.id, intakeLimitPerHour: 2 })
    const ip = uniqueIp()
    const client = await patient(qr(h), { ip })
    expect((await client.post(qr(h), { intent: 'rate', rating: '5' })).status).toBe(200)
    await sendFeedback(client, qr(h), { ...complaintFields, text: '限额内的投诉' })
    const limited = await client.post(qr(h), { intent: 'rate', rating: '5' })
    expect(limited.status).toBe(429)
    expect(mainOf(limited.text)).toContain('提交过于频繁')
    const english = new AppClient(t.ctx, { ip, acceptLanguage: 'en' })
    await english.get(qr(h))
    const limitedEn = await english.postMultipart(qr(h), multipart({ ...complaintFields, text: 'over the limit' }))
    expect(mainOf(limitedEn.text)).toMatch(/Too many submissions\. Try again in \d+ minutes/)

    const elsewhere = await patient(qr(h))
    await sendFeedback(elsewhere, qr(h), { ...complaintFields, text: '另一个地址的投诉' })
  })

  it('limits one phone number across addresses', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    await updateOrganization(t.ctx.db, { organizationId: h.organization.id, intakeLimitPerHour: 2 })
    const phone = uniquePhone()
    for (const i of [1, 2]) await sendFeedback(await patient(qr(h)), qr(h), { ...complaintFields, text: `同一手机号 ${i}`, contactPhone: phone })
    const third = await patient(qr(h))
    const res = await third.postMultipart(qr(h), multipart({ ...complaintFields, text: '同一手机号 3', contactPhone: phone }))
    expect(res.status).toBe(429)
    await sendFeedback(third, qr(h), { ...complaintFields, text: '这个地址不留手机号' })
  })
})

describe('language', () => {
  it('starts in Chinese and switches to English and back on the patient pages', async () => {
    const client = await patient(qr(a))
    expect((await client.get(qr(a))).text).toContain('<html lang="zh-CN">')
    const switched = await client.post('/language', { locale: 'en', redirectTo: qr(a) })
    expect(switched.status).toBe(302)
    expect(switched.location).toBe(qr(a))
    const english = await client.get(qr(a))
    expect(english.text).toContain('<html lang="en">')
    expect(mainOf(english.text)).toContain('How satisfied are you with the service here?')
    // The submission remembers the language the patient used (for the receipt and answers).
    const { submission } = await sendFeedback(client, qr(a), { ...complaintFields, text: 'Complaint written in English' })
    expect(submission.locale).toBe('en')
    await client.post('/language', { locale: 'zh-CN', redirectTo: web(a) })
    expect(mainOf((await client.get(web(a))).text)).toContain('您的反馈将由医院患者服务部受理。')
  })
})

describe('codes that do not open a form', () => {
  it('is 404 with a friendly page for an unknown code', async () => {
    const res = await new AppClient(t.ctx).get('/q/nosuchcode')
    expect(res.status).toBe(404)
    expect(mainOf(res.text)).toContain('找不到反馈页面')
  })

  it('is 404 with a friendly page for a stopped touchpoint or department, and takes no posts', async () => {
    const h = await createHospitalWithStaff(t.ctx)
    const client = await patient(qr(h))
    await updateTouchpoint(t.ctx.db, { organizationId: h.organization.id, touchpointId: h.touchpoint.id, active: false })
    const res = await client.get(qr(h))
    expect(res.status).toBe(404)
    expect(mainOf(res.text)).toContain('该反馈点暂不可用')
    expect(res.text).toContain(`<span class="brand">${h.organization.name}</span>`)
    const post = await client.postMultipart(qr(h), multipart({ ...complaintFields, text: '停用后提交' }))
    expect(post.status).toBe(404)
    expect((await submissionsOf(t.ctx, h.organization.id)).length).toBe(0)

    await updateTouchpoint(t.ctx.db, { organizationId: h.organization.id, touchpointId: h.touchpoint.id, active: true })
    expect((await client.get(qr(h))).status).toBe(200)
    await updateDepartment(t.ctx.db, { organizationId: h.organization.id, departmentId: h.departments.cardiology.id, active: false })
    expect((await client.get(qr(h))).status).toBe(404)
  })
})

describe('forged posts', () => {
  it('refuses a form with a photo whose CSRF token is missing or forged, storing nothing', async () => {
    const before = (await submissionsOf(t.ctx, a.organization.id)).length
    const client = await patient(qr(a))
    const fields = { ...complaintFields, text: '伪造的提交' }
    expect((await client.postMultipart(qr(a), multipart(fields, [file(JPEG_BYTES, 'a.jpg')]), { csrf: false })).status).toBe(403)
    expect((await client.postMultipart(qr(a), multipart(fields, [file(JPEG_BYTES, 'a.jpg')]), { csrf: 'forged-token' })).status).toBe(403)
    await expectNothingStored(a, before)
  })

  it('finds the token where browsers put it, before the files', async () => {
    const client = await patient(qr(a))
    const form = new FormData()
    form.append('csrf', client.csrfToken!)
    for (const [k, v] of Object.entries({ ...complaintFields, text: '令牌在前的提交' })) form.append(k, v)
    form.append('attachments', file(JPEG_BYTES, 'a.jpg', 'image/jpeg'))
    const res = await client.postMultipart(qr(a), form, { csrf: client.csrfToken! })
    expect(res.status).toBe(303)
  })
})
