import type { Locale } from '#app/domain/locales.ts'
import type { LowScoreReason } from '#app/domain/survey-answers.ts'
import type { RenderedEmail } from '#app/services/messages.server.ts'
import { emailLayout, escapeHtml } from './layout.ts'

/**
 * A survey alert to the department and patient service (DESIGN.md §4, closed loop), in the
 * recipient's language. Like the SLA emails it names no patient and quotes no answer text:
 * only the department, the campaign, the scores and the case number; the rest is behind the link.
 */
export interface SurveyAlertEmailInput {
  locale: Locale
  hospitalName: string
  departmentName: string | null
  campaignName: string
  /** Scores only: a complaint's text is read on the alert page. */
  findings: readonly { reason: LowScoreReason; value: number | string }[]
  /** The case opened because the respondent agreed to be contacted. */
  caseNumber: string | null
  alertsUrl: string
}

const COPY = {
  'zh-CN': {
    subject: (department: string) => `【回音】满意度回访预警：${department}`,
    noDepartment: '未指定科室',
    department: (name: string) => `科室：${name}`,
    campaign: (name: string) => `调查活动：${name}`,
    findingsLead: '回访结果：',
    finding: { low_rating: (v: string) => `评分 ${v}/5`, low_nps: (v: string) => `推荐意愿 ${v}/10`, complaint_text: () => '患者留言并标记为投诉' },
    separator: '；',
    withCase: (number: string) => `患者同意被联系，已按投诉立案：${number}（患者服务部为首诉负责部门）。`,
    withoutCase: '患者未同意被联系，未立案；请在预警页查看并跟进改进。',
    open: '查看预警',
    footer: '事事有回音，件件有结果。此邮件由系统自动发送。',
  },
  en: {
    subject: (department: string) => `[Huiyin] Survey alert: ${department}`,
    noDepartment: 'no department given',
    department: (name: string) => `Department: ${name}`,
    campaign: (name: string) => `Campaign: ${name}`,
    findingsLead: 'What the respondent gave: ',
    finding: { low_rating: (v: string) => `a rating of ${v}/5`, low_nps: (v: string) => `a recommendation score of ${v}/10`, complaint_text: () => 'a comment marked as a complaint' },
    separator: '; ',
    withCase: (number: string) => `The respondent agreed to be contacted: complaint case ${number} was opened (patient service is first responsible).`,
    withoutCase: 'The respondent did not ask to be contacted, so no case was opened; see the alert page to follow up.',
    open: 'Open the alerts',
    footer: 'Every matter gets an answer, every case a result. This email was sent automatically.',
  },
} as const

export function renderSurveyAlertEmail(input: SurveyAlertEmailInput): RenderedEmail {
  const c = COPY[input.locale]
  const department = input.departmentName ?? c.noDepartment
  const subject = c.subject(department)
  const findings = input.findings.map((f) => c.finding[f.reason](String(f.value))).join(c.separator)
  const lines = [
    input.hospitalName,
    c.department(department),
    c.campaign(input.campaignName),
    `${c.findingsLead}${findings}`,
    input.caseNumber ? c.withCase(input.caseNumber) : c.withoutCase,
  ]
  const text = [...lines, '', `${c.open}: ${input.alertsUrl}`, '', c.footer].join('\n')
  const bodyHtml = `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p><a href="${escapeHtml(input.alertsUrl)}" style="display:inline-block;background:#0b6e4f;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(c.open)}</a></p>`
  return { subject, text, html: emailLayout({ lang: input.locale, title: subject, bodyHtml, footer: c.footer }) }
}
