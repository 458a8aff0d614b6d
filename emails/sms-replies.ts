import type { Locale } from '#app/domain/locales.ts'
import { formatDate } from '#app/lib/format.ts'

/** Who is answering: the hospital's name in the reply's language, and its time zone for dates. */
export interface ReplyHospital {
  name: string
  nameEn: string | null
  timeZone: string
}

const hospitalName = (h: ReplyHospital, locale: Locale) => (locale === 'en' && h.nameEn ? h.nameEn : h.name)

const COPY = {
  'zh-CN': {
    received: (hospital: string, number: string, due: string, url: string) => `【${hospital}】已收到您的投诉，编号${number}${due ? `，将于${due}前答复` : ''}。查看进度或补充材料：${url}`,
    attached: (hospital: string, number: string, url: string) => `【${hospital}】您的短信已补充到投诉${number}中。查看进度：${url}`,
    optedOut: (hospital: string) => `【${hospital}】您已退订本院短信通知。回复START可恢复。`,
    optedIn: (hospital: string) => `【${hospital}】您已恢复接收本院短信通知。回复TD可退订。`,
    noText: (hospital: string) => `【${hospital}】我们只能处理文字短信，请用文字描述您的意见或投诉。`,
    tooMany: (hospital: string) => `【${hospital}】您的号码一小时内发送的反馈较多，请稍后再发。如有急事，请直接联系医院患者服务中心。`,
  },
  en: {
    received: (hospital: string, number: string, due: string, url: string) =>
      `${hospital}: we received your complaint, number ${number}.${due ? ` Answer by ${due}.` : ''} Follow it or add information: ${url}`,
    attached: (hospital: string, number: string, url: string) => `${hospital}: your message was added to complaint ${number}. Follow it: ${url}`,
    optedOut: (hospital: string) => `You will no longer receive text messages from ${hospital}. Reply START to resume.`,
    optedIn: (hospital: string) => `You will receive text messages from ${hospital} again. Reply STOP to opt out.`,
    noText: (hospital: string) => `${hospital}: we can only read text. Please describe your feedback or complaint in words.`,
    tooMany: (hospital: string) => `${hospital}: we have had many messages from your number in the last hour. Please try again later, or contact the hospital's patient service office directly.`,
  },
} as const

export type SmsReply =
  | { type: 'received'; number: string; answerDueAt: Date | null; trackingUrl: string }
  | { type: 'attached'; number: string; trackingUrl: string }
  | { type: 'optedOut' | 'optedIn' | 'noText' | 'tooMany' }

/** The TwiML reply text to an inbound SMS, in the language the patient wrote in. */
export function renderSmsReply(hospital: ReplyHospital, locale: Locale, reply: SmsReply): string {
  const c = COPY[locale]
  const name = hospitalName(hospital, locale)
  switch (reply.type) {
    case 'received':
      return c.received(name, reply.number, reply.answerDueAt ? formatDate(reply.answerDueAt, locale, hospital.timeZone) : '', reply.trackingUrl)
    case 'attached':
      return c.attached(name, reply.number, reply.trackingUrl)
    default:
      return c[reply.type](name)
  }
}
