/** Inbound SMS keywords (DESIGN.md §2): opt-out words used in China and by carriers elsewhere. */
const OPT_OUT = new Set(['TD', '退订', 'STOP', 'UNSUBSCRIBE', 'STOPALL', 'CANCEL', 'END', 'QUIT'])
const OPT_IN = new Set(['START', 'UNSTOP', '订阅'])

export type SmsKeyword = 'opt_out' | 'opt_in' | null

/** The whole message must be the keyword (ignoring case, spaces and trailing punctuation), as carriers do. */
export function smsKeyword(body: string): SmsKeyword {
  const word = body.trim().replace(/[\s。.!！]+$/u, '').toUpperCase()
  if (OPT_OUT.has(word)) return 'opt_out'
  if (OPT_IN.has(word)) return 'opt_in'
  return null
}
