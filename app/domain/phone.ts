/**
 * Mainland China mobile numbers: 11 digits starting 13–19, optionally written with +86/0086,
 * spaces or dashes. Stored and compared in E.164 (+8613812345678), which is what Twilio sends.
 */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/

export function normalizeMainlandMobile(input: string): string | null {
  const digits = input.replace(/[\s\-()]/g, '')
  const national = digits.replace(/^(\+86|0086|86(?=1\d{10}$))/, '')
  return MAINLAND_MOBILE.test(national) ? `+86${national}` : null
}

/** Any E.164 number as Twilio gives it in `From`; null when it is not one. */
export function normalizeE164(input: string): string | null {
  const compact = input.replace(/[\s\-()]/g, '')
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null
}

/** 138****1234 — shown where the full number is not needed (DESIGN.md §6). */
export function maskPhone(e164: string): string {
  const national = e164.startsWith('+86') ? e164.slice(3) : e164
  if (national.length < 7) return '****'
  return `${national.slice(0, 3)}****${national.slice(-4)}`
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@')
  return `${local.slice(0, 1)}***@${domain}`
}
