import { randomBytes } from 'node:crypto'
import ExcelJS from 'exceljs'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '#app/domain/csv.ts'
import type { SurveyAnswers } from '#app/domain/survey-answers.ts'
import { listAuditEvents } from '#db/queries/audit.ts'
import { surveyInvitations, surveyResponses } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'
import { createSurveyInvitation, type TestSurveyInvitation } from '#tests/helpers/surveys.ts'

const clock = testClock(new Date('2026-11-20T02:00:00Z'))
let t: TestContext
let a: TestHospital
let b: TestHospital
let made: TestSurveyInvitation
let responseId: string

/** Low doctor score, a complaint in the comments, and a would-be formula in the praise. */
const ANSWERS: SurveyAnswers = {
  doctor: { type: 'rating', value: 2 },
  recommend: { type: 'nps', value: 9 },
  wait: { type: 'single_choice', value: 'long' },
  areas: { type: 'multiple_choice', value: ['signs', 'parking'] },
  comments: { type: 'text', value: '等了很久, 护士说 "明天再来"\n很失望', complaint: true },
  praise: { type: 'text', value: '=HYPERLINK("http://x")' },
}

beforeAll(async () => {
  t = createTestContext({ clock })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
  made = await createSurveyInvitation(t.ctx, { organizationId: a.organization.id, status: 'completed' })
  await t.ctx.db
    .update(surveyInvitations)
    .set({ departmentId: a.departments.cardiology.id, completedAt: new Date('2026-11-19T12:05:00Z') })
    .where(eq(surveyInvitations.id, made.invitation.id))
  const [response] = await t.ctx.db
    .insert(surveyResponses)
    .values({
      organizationId: a.organization.id,
      invitationId: made.invitation.id,
      templateVersionId: made.version.id,
      answers: ANSWERS,
      wantsContact: true,
      completedAt: new Date('2026-11-19T12:05:00Z'),
    })
    .returning()
  responseId = response!.id
  // A second person answered only the required question; a third saved a partial response (not exported).
  for (const [answers, completedAt, email] of [
    [{ doctor: { type: 'rating', value: 5 } }, new Date('2026-11-20T01:00:00Z'), 'li@example.com'],
    [{ doctor: { type: 'rating', value: 4 } }, null, 'zhao@example.com'],
  ] as const) {
    const [invitation] = await t.ctx.db
      .insert(surveyInvitations)
      .values({
        organizationId: a.organization.id,
        campaignId: made.campaign.id,
        templateVersionId: made.version.id,
        locale: 'zh-CN',
        tokenHash: randomBytes(16).toString('hex'),
        status: completedAt ? 'completed' : 'opened',
        email,
        channel: 'email',
        sendAt: clock.now(),
        sentAt: clock.now(),
        expiresAt: new Date(clock.now().getTime() + 7 * 86_400_000),
      })
      .returning()
    await t.ctx.db.insert(surveyResponses).values({ organizationId: a.organization.id, invitationId: invitation!.id, templateVersionId: made.version.id, answers, completedAt })
  }
})
afterAll(() => t.close())

const fileOf = (h: TestHospital, campaignId: string, format: 'csv' | 'xlsx') => `/app/${h.organization.slug}/surveys/campaigns/${campaignId}/responses.${format}`

async function signedIn(email: string, options: { acceptLanguage?: string } = {}) {
  const client = new AppClient(t.ctx, options)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

describe('exporting a campaign’s responses', () => {
  it('writes a CSV Excel opens in Chinese: one row per completed response, a column per question, labels for choices, no contact details', async () => {
    const admin = await signedIn(a.users.admin.email)
    const res = await admin.get(fileOf(a, made.campaign.id, 'csv'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="survey-responses-20261120.csv"')
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect([...res.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parseCsv(res.text)
    expect(rows).toHaveLength(3)
    const [header, first, second] = rows as [string[], string[], string[]]
    expect(header).toEqual([
      '答卷编号',
      '完成时间',
      '科室',
      '渠道',
      '收件人（已隐藏）',
      '医生是否耐心解释了您的病情？',
      '您向亲友推荐本院的可能性有多大？',
      '候诊时间大约多久？',
      '哪些方面需要改进？',
      '其他意见或建议',
      '想表扬的医护人员',
      '标记为投诉',
      '同意联系',
    ])
    expect(first).toEqual([
      responseId,
      '2026-11-19 20:05',
      '心血管内科',
      '短信',
      '138****8000',
      '2',
      '9',
      '30 分钟以上',
      '指示标识; 停车',
      '等了很久, 护士说 "明天再来"\n很失望',
      `'=HYPERLINK("http://x")`,
      '是',
      '是',
    ])
    expect(second).toEqual([expect.any(String), '2026-11-20 09:00', '', '邮件', 'l***@example.com', '5', '', '', '', '', '', '否', '否'])
    expect(res.text).not.toContain('13800138000')
    expect(res.text).not.toContain('张三')
    expect(res.text).not.toContain('li@example.com')
    expect(res.text).not.toContain('zhao')

    const events = await listAuditEvents(t.ctx.db, { organizationId: a.organization.id, limit: 100 })
    expect(events.some((e) => e.action === 'survey_campaign.responses_exported' && e.entityId === made.campaign.id)).toBe(true)
  })

  it('heads the columns and labels the choices in the reader’s language', async () => {
    const en = await signedIn(a.users.patient_service.email, { acceptLanguage: 'en' })
    const rows = parseCsv((await en.get(fileOf(a, made.campaign.id, 'csv'))).text)
    expect(rows[0]).toContain('Did the doctor explain your condition patiently?')
    expect(rows[0]![0]).toBe('Response ID')
    expect(rows[1]).toEqual(expect.arrayContaining(['Cardiology', 'SMS', 'Over 30 minutes', 'Signs; Parking', 'Yes']))
  })

  it('writes an XLSX workbook with numbers as numbers', async () => {
    const leader = await signedIn(a.users.leadership.email)
    const res = await leader.get(fileOf(a, made.campaign.id, 'xlsx'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.bytes.slice().buffer)
    const sheet = workbook.worksheets[0]!
    expect(sheet.name).toBe('答卷')
    expect(sheet.rowCount).toBe(3)
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1)
    expect(values(1)[5]).toBe('医生是否耐心解释了您的病情？')
    const first = values(2)
    expect(first[0]).toBe(responseId)
    expect(first[5]).toBe(2)
    expect(first[6]).toBe(9)
    expect(first[7]).toBe('30 分钟以上')
    // Stored as text, never as a formula.
    expect(first[10]).toBe('=HYPERLINK("http://x")')
    expect(first[11]).toBe('是')
    expect(JSON.stringify(values(3))).not.toContain('li@example.com')
  })

  it('keeps staff out and shows another hospital’s campaign as not found', async () => {
    for (const role of ['staff', 'department_head'] as const) {
      const client = await signedIn(a.users[role].email)
      expect((await client.get(fileOf(a, made.campaign.id, 'csv'))).status).toBe(403)
      expect((await client.get(fileOf(a, made.campaign.id, 'xlsx'))).status).toBe(403)
    }
    const other = await signedIn(b.users.admin.email)
    expect((await other.get(fileOf(b, made.campaign.id, 'csv'))).status).toBe(404)
    expect((await other.get(fileOf(b, 'not-a-uuid', 'xlsx'))).status).toBe(404)
  })
})
