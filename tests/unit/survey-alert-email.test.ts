import { describe, expect, it } from 'vitest'
import { renderSurveyAlertEmail } from '#emails/survey-alert.ts'

const base = {
  hospitalName: '回音示范医院',
  departmentName: '心血管内科',
  campaignName: '出院 3 日回访 <住院>',
  findings: [
    { reason: 'low_rating' as const, value: 1 },
    { reason: 'low_nps' as const, value: 4 },
    { reason: 'complaint_text' as const, value: '' },
  ],
  caseNumber: null,
  alertsUrl: 'https://huiyin.example/app/demo/surveys/alerts',
}

describe('survey alert email', () => {
  it('names the department, campaign and scores, says no case was opened, and links to the alerts (zh-CN)', () => {
    const email = renderSurveyAlertEmail({ ...base, locale: 'zh-CN' })
    expect(email.subject).toBe('【回音】满意度回访预警：心血管内科')
    expect(email.text).toContain('回访结果：评分 1/5；推荐意愿 4/10；患者留言并标记为投诉')
    expect(email.text).toContain('未立案')
    expect(email.text).toContain(base.alertsUrl)
    // Text from staff (the campaign name) is escaped in the HTML part.
    expect(email.html).toContain('出院 3 日回访 &lt;住院&gt;')
    expect(email.html).toContain(`href="${base.alertsUrl}"`)
  })

  it('gives the opened case’s number in English, and says when no department was given', () => {
    const email = renderSurveyAlertEmail({ ...base, locale: 'en', departmentName: null, caseNumber: 'HY-202611-00012' })
    expect(email.subject).toBe('[Huiyin] Survey alert: no department given')
    expect(email.text).toContain('complaint case HY-202611-00012 was opened')
    expect(email.html).toContain('<html lang="en">')
  })
})
