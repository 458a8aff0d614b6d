import type { Locale } from '#app/domain/locales.ts'
import type { ClockKind, Milestone } from '#app/domain/sla.ts'
import { formatDateTime } from '#app/lib/format.ts'
import type { RenderedEmail } from '#app/services/messages.server.ts'
import { emailLayout, escapeHtml } from './layout.ts'

/** An SLA warning or escalation to staff (DESIGN.md §3), in the recipient's language. */
export interface SlaEscalationInput {
  locale: Locale
  hospitalName: string
  caseNumber: string
  clockKind: ClockKind
  milestone: Milestone
  /** The involved department, for a findings clock. */
  departmentName: string | null
  dueAt: Date
  timeZone: string
  caseUrl: string
}

const COPY = {
  'zh-CN': {
    clock: {
      first_contact: '首次联系患者',
      answer: '答复患者',
      findings: (department: string | null) => `${department ?? '相关科室'}反馈调查意见`,
    },
    state: { warn: '时限已过 75%', due: '已到期', overdue: '已超期一个工作日' },
    subject: (number: string, clock: string, state: string) => `【回音】案件 ${number}：${clock}${state}`,
    lead: { warn: '请尽快处理，以免超期。', due: '时限已到，请科室负责人督促处理。', overdue: '已超期，现上报患者服务部主任和院领导。' },
    dueLine: (date: string) => `截止时间：${date}`,
    open: '查看案件',
    footer: '事事有回音，件件有结果。此邮件由系统自动发送。',
  },
  en: {
    clock: {
      first_contact: 'First contact with the patient',
      answer: 'Answer to the patient',
      findings: (department: string | null) => `Findings from ${department ?? 'the department'}`,
    },
    state: { warn: 'is 75% through its time', due: 'is due now', overdue: 'is one working day overdue' },
    subject: (number: string, clock: string, state: string) => `[Huiyin] Case ${number}: ${clock} ${state}`,
    lead: {
      warn: 'Please act soon so the deadline is met.',
      due: 'The deadline has come; department heads are asked to see it handled.',
      overdue: 'It is overdue and is now escalated to the patient-service director and hospital leadership.',
    },
    dueLine: (date: string) => `Deadline: ${date}`,
    open: 'Open the case',
    footer: 'Every matter gets an answer, every case a result. This email was sent automatically.',
  },
} as const

export function renderSlaEscalationEmail(input: SlaEscalationInput): RenderedEmail {
  const c = COPY[input.locale]
  const clock = input.clockKind === 'findings' ? c.clock.findings(input.departmentName) : c.clock[input.clockKind]
  const subject = c.subject(input.caseNumber, clock, c.state[input.milestone])
  const lines = [`${input.hospitalName}`, subject.replace(/^【回音】|^\[Huiyin\] /, ''), c.dueLine(formatDateTime(input.dueAt, input.locale, input.timeZone)), c.lead[input.milestone]]
  const text = [...lines, '', `${c.open}: ${input.caseUrl}`, '', c.footer].join('\n')
  const bodyHtml = `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p><a href="${escapeHtml(input.caseUrl)}" style="display:inline-block;background:#0b6e4f;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(c.open)}</a></p>`
  return { subject, text, html: emailLayout({ lang: input.locale, title: subject, bodyHtml, footer: c.footer }) }
}
