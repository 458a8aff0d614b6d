import type { Locale } from '#app/domain/locales.ts'
import type { RenderedEmail } from '#app/services/messages.server.ts'
import { emailLayout, escapeHtml } from './layout.ts'

/** A follow-up survey invitation or its one reminder (DESIGN.md §4), by email or SMS. */
export interface SurveyInvitationInput {
  locale: Locale
  kind: 'invitation' | 'reminder'
  hospitalName: string
  recipientName: string | null
  surveyUrl: string
  /** Local date (and time) the link stops working, already formatted in the hospital's zone. */
  expiresOn: string
}

/** Every SMS ends with the opt-out hint; the English one ends with the Chinese hint too (carriers look for it). */
export const SMS_OPT_OUT_HINT = '回复TD退订'

const COPY = {
  'zh-CN': {
    subject: {
      invitation: (hospital: string) => `${hospital}邀请您评价就医体验`,
      reminder: (hospital: string) => `提醒：${hospital}就医体验问卷`,
    },
    greeting: (name: string | null) => (name ? `${name}您好：` : '您好：'),
    body: {
      invitation: (hospital: string) => `感谢您选择${hospital}。为了改进我们的服务，请花两三分钟告诉我们您这次就医的感受。`,
      reminder: (hospital: string) => `前几天我们邀请您评价在${hospital}的就医体验，如果您还没有填写，现在仍可以填写。`,
    },
    button: '填写问卷',
    expires: (date: string) => `链接有效期至 ${date}。`,
    privacy: '您的回答只用于改进服务；如希望医院联系您，可在问卷最后勾选。',
    unsubscribe: '不想再收到问卷邮件？退订：',
    sms: {
      invitation: (hospital: string, url: string, date: string) => `【${hospital}】感谢您的就诊，请花两三分钟评价本次就医体验：${url} （${date}前有效）${SMS_OPT_OUT_HINT}`,
      reminder: (hospital: string, url: string, date: string) => `【${hospital}】提醒：您的就医体验问卷尚未填写，${date}前有效：${url} ${SMS_OPT_OUT_HINT}`,
    },
    footer: '事事有回音，件件有结果。',
  },
  en: {
    subject: {
      invitation: (hospital: string) => `${hospital} would like to hear about your visit`,
      reminder: (hospital: string) => `Reminder: ${hospital}'s short survey about your visit`,
    },
    greeting: (name: string | null) => (name ? `Dear ${name},` : 'Hello,'),
    body: {
      invitation: (hospital: string) => `Thank you for choosing ${hospital}. Please take two or three minutes to tell us how your visit went, so we can improve our care.`,
      reminder: (hospital: string) => `A few days ago we asked how your visit to ${hospital} went. If you have not answered yet, you still can.`,
    },
    button: 'Answer the survey',
    expires: (date: string) => `The link works until ${date}.`,
    privacy: 'Your answers are used only to improve our services. If you would like the hospital to contact you, say so at the end of the survey.',
    unsubscribe: 'No more survey emails? Unsubscribe:',
    sms: {
      invitation: (hospital: string, url: string, date: string) => `${hospital}: thank you for your visit. Please tell us how it went (2–3 minutes): ${url} (until ${date}). Reply TD to opt out. ${SMS_OPT_OUT_HINT}`,
      reminder: (hospital: string, url: string, date: string) => `${hospital}: reminder, your visit survey is open until ${date}: ${url} Reply TD to opt out. ${SMS_OPT_OUT_HINT}`,
    },
    footer: 'Every matter gets an answer, every case a result.',
  },
} as const

export function renderSurveyInvitationSms(input: SurveyInvitationInput): string {
  return COPY[input.locale].sms[input.kind](input.hospitalName, input.surveyUrl, input.expiresOn)
}

/** HTML and text; both carry the unsubscribe link (the transport also sets List-Unsubscribe). */
export function renderSurveyInvitationEmail(input: SurveyInvitationInput & { unsubscribeUrl: string }): RenderedEmail {
  const c = COPY[input.locale]
  const subject = c.subject[input.kind](input.hospitalName)
  const lines = [c.greeting(input.recipientName), '', c.body[input.kind](input.hospitalName), '', `${c.button}: ${input.surveyUrl}`, c.expires(input.expiresOn), '', c.privacy, '', `${c.unsubscribe} ${input.unsubscribeUrl}`, '', c.footer]
  const bodyHtml = [
    `<p>${escapeHtml(c.greeting(input.recipientName))}</p>`,
    `<p>${escapeHtml(c.body[input.kind](input.hospitalName))}</p>`,
    `<p><a href="${escapeHtml(input.surveyUrl)}" style="display:inline-block;background:#0b6e4f;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600">${escapeHtml(c.button)}</a></p>`,
    `<p style="font-size:13px;color:#3e4c59">${escapeHtml(c.expires(input.expiresOn))}<br>${escapeHtml(input.surveyUrl)}</p>`,
    `<p style="font-size:13px;color:#3e4c59">${escapeHtml(c.privacy)}</p>`,
    `<p style="font-size:12px;color:#6b7785">${escapeHtml(c.unsubscribe)} <a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#6b7785">${escapeHtml(input.unsubscribeUrl)}</a></p>`,
  ].join('\n')
  return { subject, text: lines.join('\n'), html: emailLayout({ lang: input.locale, title: subject, bodyHtml, footer: c.footer }) }
}
