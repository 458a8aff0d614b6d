import type { Locale } from '#app/domain/locales.ts'
import type { RenderedEmail } from '#app/services/messages.server.ts'
import { emailLayout, escapeHtml } from './layout.ts'

/** The hospital's answer to a complaint, or the reason it is not accepted (不予受理), as told to the patient. */
export interface CaseNoticeInput {
  locale: Locale
  hospitalName: string
  number: string
  kind: 'answer' | 'declined'
  /** The answer, or the reason for not accepting the complaint. */
  text: string
  trackingUrl: string
}

/** Characters of the answer an SMS carries; the rest is on the tracking page. */
export const SMS_TEXT_LIMIT = 120

const COPY = {
  'zh-CN': {
    subject: {
      answer: (hospital: string, number: string) => `${hospital}对您的投诉（${number}）的答复`,
      declined: (hospital: string, number: string) => `${hospital}：您的投诉（${number}）不予受理`,
    },
    intro: {
      answer: (hospital: string, number: string) => `关于您的投诉（编号 ${number}），${hospital}答复如下：`,
      declined: (hospital: string, number: string) => `您的投诉（编号 ${number}）经${hospital}审核，不予受理，原因如下：`,
    },
    next: {
      answer: '如对答复有疑问或有新的情况，可通过下面的链接补充信息，我们会重新处理。',
      declined: '如对此有疑问，可通过下面的链接补充信息，或联系医院患者服务部。',
    },
    track: '查看处理记录或补充信息：',
    sms: {
      answer: (hospital: string, number: string, text: string, url: string) => `【${hospital}】您的投诉${number}已答复：${text} 查看：${url} 回复TD退订`,
      declined: (hospital: string, number: string, text: string, url: string) => `【${hospital}】您的投诉${number}不予受理，原因：${text} 详情：${url} 回复TD退订`,
    },
    more: '（完整内容请查看链接）',
    footer: '事事有回音，件件有结果。',
  },
  en: {
    subject: {
      answer: (hospital: string, number: string) => `${hospital}: our answer to your complaint (${number})`,
      declined: (hospital: string, number: string) => `${hospital}: your complaint (${number}) was not accepted`,
    },
    intro: {
      answer: (hospital: string, number: string) => `Here is ${hospital}'s answer to your complaint (number ${number}):`,
      declined: (hospital: string, number: string) => `${hospital} has reviewed your complaint (number ${number}) and cannot accept it, for this reason:`,
    },
    next: {
      answer: 'If you have questions about this answer or something new to tell us, add it through the link below and we will look into it again.',
      declined: 'If you have questions about this, add information through the link below or contact the hospital’s patient service office.',
    },
    track: 'See what happened or add information:',
    sms: {
      answer: (hospital: string, number: string, text: string, url: string) => `${hospital}: our answer to your complaint ${number}: ${text} Details: ${url} Reply STOP to opt out`,
      declined: (hospital: string, number: string, text: string, url: string) => `${hospital}: your complaint ${number} was not accepted. Reason: ${text} Details: ${url} Reply STOP to opt out`,
    },
    more: ' (see the link for the full text)',
    footer: 'Every matter gets an answer, every case a result.',
  },
} as const

/** One line, at most `limit` characters (code points, so no emoji or rare character is cut in half). */
function shortened(text: string, limit: number): { text: string; cut: boolean } {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim())
  if (chars.length <= limit) return { text: chars.join(''), cut: false }
  return { text: `${chars.slice(0, limit - 1).join('').trimEnd()}…`, cut: true }
}

export function renderCaseNoticeSms(input: CaseNoticeInput): string {
  const c = COPY[input.locale]
  const short = shortened(input.text, SMS_TEXT_LIMIT)
  return c.sms[input.kind](input.hospitalName, input.number, short.cut ? `${short.text}${c.more}` : short.text, input.trackingUrl)
}

/** The full text, escaped, its line breaks kept. */
const textHtml = (text: string) => text.trim().split(/\r?\n/).map(escapeHtml).join('<br>')

export function renderCaseNoticeEmail(input: CaseNoticeInput): RenderedEmail {
  const c = COPY[input.locale]
  const intro = c.intro[input.kind](input.hospitalName, input.number)
  const next = c.next[input.kind]
  const text = [intro, '', input.text.trim(), '', next, '', c.track, input.trackingUrl, '', c.footer].join('\n')
  const bodyHtml = [
    `<p>${escapeHtml(intro)}</p>`,
    `<div data-notice-text style="border-left:4px solid #0b6e4f;padding:4px 0 4px 12px;margin:12px 0">${textHtml(input.text)}</div>`,
    `<p>${escapeHtml(next)}</p>`,
    `<p>${escapeHtml(c.track)}</p>`,
    `<p><a href="${escapeHtml(input.trackingUrl)}" style="display:inline-block;background:#0b6e4f;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(input.number)}</a></p>`,
  ].join('')
  const subject = c.subject[input.kind](input.hospitalName, input.number)
  return { subject, text, html: emailLayout({ lang: input.locale, title: subject, bodyHtml, footer: c.footer }) }
}
