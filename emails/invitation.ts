import type { Locale } from '#app/domain/locales.ts'
import type { Role } from '#app/domain/roles.ts'
import { translator } from '#app/lib/i18n.ts'
import type { RenderedEmail } from '#app/services/messages.server.ts'
import { emailLayout, escapeHtml } from './layout.ts'

const COPY = {
  'zh-CN': {
    subject: (hospital: string) => `${hospital}邀请您加入回音`,
    greeting: (name: string) => `${name}，您好：`,
    body: (hospital: string, role: string, inviter: string) => `${inviter}邀请您以“${role}”身份加入${hospital}的回音投诉与满意度管理平台。`,
    action: '点击下面的链接设置密码并登录：',
    expiry: (days: number) => `链接 ${days} 天内有效，只能使用一次。如非本人操作，请忽略本邮件。`,
    footer: '事事有回音，件件有结果。',
  },
  en: {
    subject: (hospital: string) => `${hospital} invites you to Huiyin`,
    greeting: (name: string) => `Hello ${name},`,
    body: (hospital: string, role: string, inviter: string) => `${inviter} invites you to join ${hospital} on Huiyin, the complaint and satisfaction platform, as ${role}.`,
    action: 'Use this link to choose a password and sign in:',
    expiry: (days: number) => `The link works once and expires in ${days} days. If you did not expect this, ignore this email.`,
    footer: 'Every matter gets an answer, every case a result.',
  },
} as const

export function renderInvitationEmail(input: {
  locale: Locale
  name: string
  hospitalName: string
  inviterName: string
  role: Role
  link: string
  validDays: number
}): RenderedEmail {
  const c = COPY[input.locale]
  const role = translator(input.locale)(`common:roles.${input.role}`)
  const text = [c.greeting(input.name), '', c.body(input.hospitalName, role, input.inviterName), '', c.action, input.link, '', c.expiry(input.validDays), '', c.footer].join('\n')
  const bodyHtml = `<p>${escapeHtml(c.greeting(input.name))}</p><p>${escapeHtml(c.body(input.hospitalName, role, input.inviterName))}</p><p>${escapeHtml(c.action)}</p><p><a href="${escapeHtml(input.link)}" style="display:inline-block;background:#0b6e4f;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(input.link)}</a></p><p style="color:#6b7785">${escapeHtml(c.expiry(input.validDays))}</p>`
  return { subject: c.subject(input.hospitalName), text, html: emailLayout({ lang: input.locale, title: c.subject(input.hospitalName), bodyHtml, footer: c.footer }) }
}
