import { z } from 'zod'

/** Thrown when the environment is wrong; names every offending variable. */
export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const optionalUrl = (protocols: string[]) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .url()
      .refine((u) => protocols.some((p) => u.startsWith(`${p}:`)), {
        message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
      })
      .optional(),
  )
const optionalString = z.preprocess(emptyToUndefined, z.string().optional())
const port = z.coerce.number().int().min(0).max(65535)

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    HOST: z.string().default('0.0.0.0'),
    PORT: port.default(3000),
    PUBLIC_URL: optionalUrl(['http', 'https']),
    TRUST_PROXY: z.preprocess(emptyToUndefined, z.string().optional()),
    SESSION_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    DATA_DIR: z.string().default('.data'),
    DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
    EMBEDDED_PG_PORT: port.default(54329),
    REDIS_URL: optionalUrl(['redis', 'rediss']),
    QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i, 'letters, digits, _ and - only').default('huiyin'),
    SMTP_URL: optionalUrl(['smtp', 'smtps']),
    MAIL_FROM: z.string().default('Huiyin 回音 <no-reply@huiyin.local>'),
    TWILIO_ACCOUNT_SID: z.preprocess(emptyToUndefined, z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional()),
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_FROM: z.preprocess(emptyToUndefined, z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +8613800000000').optional()),
    TWILIO_API_BASE: optionalUrl(['http', 'https']),
    // Provider limits for survey invitations (messages per second, across all workers).
    SURVEY_SMS_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(20),
    SURVEY_EMAIL_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(50),
    SEED_DEMO: z.enum(['true', 'false']).default('true'),
    DEMO_PASSWORD: z.preprocess(emptyToUndefined, z.string().min(10, 'must be at least 10 characters').optional()),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .superRefine((env, ctx) => {
    const twilio = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const
    const set = twilio.filter((k) => env[k] !== undefined)
    if (set.length > 0 && set.length < twilio.length) {
      for (const k of twilio.filter((k) => env[k] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [k], message: `is required when ${set.join(', ')} is set` })
      }
    }
  })

export type RawEnv = z.infer<typeof envSchema>

export type TrustProxy = boolean | number | string

export interface AppConfig {
  nodeEnv: RawEnv['NODE_ENV']
  host: string
  port: number
  publicUrl: string
  trustProxy: TrustProxy
  sessionSecret: string | undefined
  dataDir: string
  database: { kind: 'external'; url: string } | { kind: 'embedded'; port: number }
  queue: { kind: 'redis'; url: string; prefix: string } | { kind: 'postgres'; prefix: string }
  mail: { kind: 'smtp'; url: string; from: string } | { kind: 'outbox'; from: string }
  sms:
    | { kind: 'twilio'; accountSid: string; authToken: string; from: string; apiBase: string | undefined }
    | { kind: 'outbox' }
  /** Survey invitation sends per second, per channel (DESIGN.md §4 rate limits). */
  surveyRates: { sms: number; email: number }
  seedDemo: boolean
  /** Fixed password for the seeded demo users (tests); random when unset. */
  demoPassword: string | undefined
  logLevel: RawEnv['LOG_LEVEL']
}

function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  return value // e.g. "loopback, 10.0.0.0/8": passed to Express as-is
}

/** Parses and validates configuration once; throws ConfigError naming each bad variable. */
export function parseConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const result = envSchema.safeParse(source)
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment')
        return `${name}: ${issue.message}`
      }),
    )
  }
  const env = result.data
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
  return {
    nodeEnv: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    sessionSecret: env.SESSION_SECRET,
    dataDir: env.DATA_DIR,
    database: env.DATABASE_URL
      ? { kind: 'external', url: env.DATABASE_URL }
      : { kind: 'embedded', port: env.EMBEDDED_PG_PORT },
    queue: env.REDIS_URL
      ? { kind: 'redis', url: env.REDIS_URL, prefix: env.QUEUE_PREFIX }
      : { kind: 'postgres', prefix: env.QUEUE_PREFIX },
    mail: env.SMTP_URL ? { kind: 'smtp', url: env.SMTP_URL, from: env.MAIL_FROM } : { kind: 'outbox', from: env.MAIL_FROM },
    sms:
      env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
        ? {
            kind: 'twilio',
            accountSid: env.TWILIO_ACCOUNT_SID,
            authToken: env.TWILIO_AUTH_TOKEN,
            from: env.TWILIO_FROM,
            apiBase: env.TWILIO_API_BASE,
          }
        : { kind: 'outbox' },
    surveyRates: { sms: env.SURVEY_SMS_PER_SECOND, email: env.SURVEY_EMAIL_PER_SECOND },
    seedDemo: env.SEED_DEMO === 'true',
    demoPassword: env.DEMO_PASSWORD,
    logLevel: env.LOG_LEVEL,
  }
}
