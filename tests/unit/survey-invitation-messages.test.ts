import { describe, expect, it } from 'vitest'
import { renderSurveyInvitationEmail, renderSurveyInvitationSms, SMS_OPT_OUT_HINT } from '#emails/survey-invitation.ts'

const base = { hospitalName: '示例医院', recipientName: '王芳', surveyUrl: 'https://huiyin.example.cn/s/abcdefghijklmnopqrstuvwxyz', expiresOn: '2026年1月30日' }

describe('survey invitation texts', () => {
  it.each(['zh-CN', 'en'] as const)('every %s SMS, invitation and reminder, carries the link and ends with 回复TD退订', (locale) => {
    for (const kind of ['invitation', 'reminder'] as const) {
      const sms = renderSurveyInvitationSms({ ...base, locale, kind })
      expect(sms).toContain(base.surveyUrl)
      expect(sms.endsWith(SMS_OPT_OUT_HINT)).toBe(true)
    }
  })

  it.each(['zh-CN', 'en'] as const)('every %s email has the survey link and the unsubscribe link in its HTML and its text', (locale) => {
    const unsubscribeUrl = `${base.surveyUrl}/unsubscribe`
    for (const kind of ['invitation', 'reminder'] as const) {
      const email = renderSurveyInvitationEmail({ ...base, locale, kind, unsubscribeUrl })
      expect(email.text).toContain(base.surveyUrl)
      expect(email.text).toContain(unsubscribeUrl)
      expect(email.html).toContain(`href="${base.surveyUrl}"`)
      expect(email.html).toContain(`href="${unsubscribeUrl}"`)
      expect(email.html).toContain(`lang="${locale}"`)
    }
  })

  it('escapes names in the HTML', () => {
    const email = renderSurveyInvitationEmail({ ...base, recipientName: '<b>王</b>', locale: 'zh-CN', kind: 'invitation', unsubscribeUrl: 'https://x/u' })
    expect(email.html).not.toContain('<b>王</b>')
    expect(email.html).toContain('&lt;b&gt;王&lt;/b&gt;')
  })
})
