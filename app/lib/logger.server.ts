/** Minimal structured logger. Never pass personal data (names, phones, emails) in fields. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export function createLogger(level: LogLevel = 'info', sink: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const log = (lvl: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[lvl] < order[level]) return
    const extra = fields ? ` ${JSON.stringify(fields, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message } : v))}` : ''
    sink(`${new Date().toISOString()} ${lvl.toUpperCase()} ${msg}${extra}`)
  }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}
