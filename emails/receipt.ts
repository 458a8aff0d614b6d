import type { SubmissionKind } from '#app/domain/intake.ts'
import type { Locale } from '#app/domain/locales.ts'
import { formatDate } from '#app/lib/format.ts'
import type { RenderedEmail } from '#app/services/messages.server.ts'
import { emailLayout, escapeHtml } from './layout.ts'

export interface ReceiptInput {
  locale: Locale
  hospitalName: string
  kind: SubmissionKind
  number: string
  /** Complaints only: the answer deadline. */
  answerDueAt: Date | null
  timeZone: string
  trackingUrl: string
}

const KIND = {
  'zh-CN': { complaint: '投诉', suggestion: '建议', praise: '表扬', inquiry: '咨询', rating: '评价' },
  en: { complaint: 'complaint', suggestion: 'suggestion', praise: 'praise', inquiry: 'question', rating: 'rating' },
} as const

const COPY = {
  'zh-CN': {
    subject: (hospital: string, number: string) => `${hospital}已收到您的反馈（${number}）`,
    received: (hospital: string, kind: string, number: string) => `${hospital}已收到您的${kind}，编号 ${number}。`,
    next: {
      complaint: '我们会尽快与您联系，核实情况并协调处理。',
      suggestion: '我们会认真研究您的建议。',
      praise: '感谢您的表扬，我们会转达给相关科室和人员。',
      inquiry: '我们会尽快答复您的问题。',
      rating: '',
    },
    due: (date: string) => `我们将在 ${date} 前答复您。`,
    track: '查看进度或补充材料：',
    sms: (hospital: string, kind: string, number: string, due: string, url: string) =>
      `【${hospital}】已收到您的${kind}，编号${number}${due ? `，将于${due}前答复` : ''}。查看进度：${url} 回复TD退订`,
    footer: '事事有回音，件件有结果。',
  },
  en: {
    subject: (hospital: string, number: string) => `${hospital} has received your feedback (${number})`,
    received: (hospital: string, kind: string, number: string) => `${hospital} has received your ${kind}. Your reference number is ${number}.`,
    next: {
      complaint: 'We will contact you soon to look into what happened and resolve it.',
      suggestion: 'We will consider your suggestion carefully.',
      praise: 'Thank you. We will pass your praise on to the department and staff concerned.',
      inquiry: 'We will answer your question soon.',
      rating: '',
    },
    due: (date: string) => `You will have our answer by ${date}.`,
    track: 'Follow your case or add information:',
    sms: (hospital: string, kind: string, number: string, due: string, url: string) =>
      `${hospital}: we received your ${kind}, number ${number}.${due ? ` Answer by ${due}.` : ''} Follow it: ${url} Reply STOP to opt out`,
    footer: 'Every matter gets an answer, every case a result.',
  },
} as const

export function renderReceiptEmail(input: ReceiptInput): RenderedEmail {
  const c = COPY[input.locale]
  const kind = KIND[input.locale][input.kind]
  const due = input.answerDueAt ? c.due(formatDate(input.answerDueAt, input.locale, input.timeZone)) : null
  const lines = [c.received(input.hospitalName, kind, input.number), c.next[input.kind], ...(due ? [due] : [])]
  const text = [...lines, '', c.track, input.trackingUrl, '', c.footer].join('\n')
  const bodyHtml = `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p>${escapeHtml(c.track)}</p><p><a href="${escapeHtml(input.trackingUrl)}" style="display:inline-block;background:#0b6e4f;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(input.number)}</a></p>`
  const subject = c.subject(input.hospitalName, input.number)
  return { subject, text, html: emailLayout({ lang: input.locale, title: subject, bodyHtml, footer: c.footer }) }
}

export function renderReceiptSms(input: ReceiptInput): string {
  const c = COPY[input.locale]
  const due = input.answerDueAt ? formatDate(input.answerDueAt, input.locale, input.timeZone) : ''
  return c.sms(input.hospitalName, KIND[input.locale][input.kind], input.number, due, input.trackingUrl)
}
