import { z } from 'zod'
import { optionalText } from '#app/domain/form-fields.ts'
import { LOCALES, type Locale } from '#app/domain/locales.ts'
import { normalizeE164 } from '#app/domain/phone.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { violatedUniqueConstraint } from '#db/errors.ts'
import { findOrganizationById, updateOrganization, type Organization } from '#db/queries/organizations.ts'
import { audit } from './audit.server.ts'

/** Offered in the time zone select: China first, then places Chinese hospital groups and partners work in. */
export const COMMON_TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Urumqi',
  'Asia/Hong_Kong',
  'Asia/Macau',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Kuala_Lumpur',
  'Asia/Bangkok',
  'Asia/Ho_Chi_Minh',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Europe/Moscow',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
] as const

// IANA names only ("Asia/Shanghai", "UTC", "Etc/GMT-8"): no raw offsets like "+08:00", whose
// sign PostgreSQL reads the POSIX way round.
const IANA_NAME = /^[A-Za-z][A-Za-z_]*(?:\/[A-Za-z0-9_+-]+)*$/

/** The canonical IANA name Intl knows the zone by, or null when Intl does not know it. */
export function canonicalTimeZone(value: string): string | null {
  if (!IANA_NAME.test(value)) return null
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone
  } catch {
    return null
  }
}

/** A whole number typed into a form field, within [min, max]; every problem gets the one range message. */
function wholeNumber(min: number, max: number, message: string) {
  return z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message))
    .optional()
}

export const settingsInputSchema = z.object({
  name: z.string().trim().min(1, 'common:errors.required').max(80, 'common:errors.tooLong'),
  nameEn: optionalText(120),
  timeZone: z
    .string()
    .trim()
    .min(1, 'common:errors.required')
    .refine((v) => canonicalTimeZone(v) !== null, 'settings:errors.timeZoneInvalid')
    .transform((v) => canonicalTimeZone(v) ?? v),
  defaultLocale: z.enum(LOCALES, { message: 'settings:errors.localeInvalid' }),
  // The SMS and abuse settings: left out of a post (an older form) means "keep as is".
  smsNumber: z
    .string()
    .trim()
    .refine((v) => v === '' || normalizeE164(v) !== null, 'settings:errors.smsNumberInvalid')
    .transform((v) => (v === '' ? null : normalizeE164(v)))
    .optional(),
  intakeLimitPerHour: wholeNumber(1, 1000, 'settings:errors.intakeLimitRange'),
  smsAttachWindowDays: wholeNumber(1, 90, 'settings:errors.attachWindowRange'),
})
export type SettingsInput = z.infer<typeof settingsInputSchema>

export interface HospitalSettings {
  slug: string
  name: string
  nameEn: string | null
  timeZone: string
  defaultLocale: Locale
  /** The hospital's Twilio number (E.164); inbound SMS to it are this hospital's. */
  smsNumber: string | null
  intakeLimitPerHour: number
  smsAttachWindowDays: number
}

function toSettings(o: Organization): HospitalSettings {
  return {
    slug: o.slug,
    name: o.name,
    nameEn: o.nameEn,
    timeZone: o.timeZone,
    defaultLocale: o.defaultLocale,
    smsNumber: o.smsNumber,
    intakeLimitPerHour: o.intakeLimitPerHour,
    smsAttachWindowDays: o.smsAttachWindowDays,
  }
}

/** "Asia/Shanghai · 中国标准时间 (GMT+08:00)": the zone's name and current offset in the reader's language. */
export function timeZoneLabel(timeZone: string, locale: Locale, at: Date) {
  const part = (style: 'long' | 'longOffset') =>
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? ''
  const name = part('long')
  const offset = part('longOffset')
  return name && name !== offset ? `${timeZone} · ${name} (${offset})` : `${timeZone} (${offset})`
}

/** The select's choices; a zone set elsewhere (command line) stays choosable. */
export function timeZoneOptions(ctx: AppContext, locale: Locale, current: string) {
  const zones: string[] = [...COMMON_TIME_ZONES]
  if (!zones.includes(current)) zones.unshift(current)
  const now = ctx.clock.now()
  return zones.map((zone) => ({ value: zone, label: timeZoneLabel(zone, locale, now) }))
}

/** Where the hospital's Twilio number must send incoming messages (shown to the admin). */
export function smsWebhookUrl(ctx: AppContext) {
  return `${ctx.config.publicUrl}/webhooks/twilio/sms`
}

export async function getSettings(ctx: AppContext, { organizationId }: { organizationId: string }) {
  const organization = await findOrganizationById(ctx.db, { organizationId })
  if (!organization) throw new Error('hospital disappeared while being viewed')
  return toSettings(organization)
}

export type UpdateSettingsResult = { ok: true; changed: boolean } | { ok: false; field: 'smsNumber'; error: 'settings:errors.smsNumberTaken' }

/** Saves the hospital's settings; an audit event records what changed (nothing is written when nothing did). */
export async function updateSettings(ctx: AppContext, actor: { organizationId: string; actorUserId: string }, input: SettingsInput): Promise<UpdateSettingsResult> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const before = await findOrganizationById(tx, { organizationId: actor.organizationId })
      if (!before) throw new Error('hospital disappeared while being edited')
      const next = {
        name: input.name,
        nameEn: input.nameEn ?? null,
        timeZone: input.timeZone,
        defaultLocale: input.defaultLocale,
        smsNumber: input.smsNumber === undefined ? before.smsNumber : input.smsNumber,
        intakeLimitPerHour: input.intakeLimitPerHour ?? before.intakeLimitPerHour,
        smsAttachWindowDays: input.smsAttachWindowDays ?? before.smsAttachWindowDays,
      }
      const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => before[k] !== next[k])
      if (!changed) return { ok: true as const, changed: false }
      const after = await updateOrganization(tx, { organizationId: actor.organizationId, ...next })
      await audit(tx, {
        organizationId: actor.organizationId,
        actorUserId: actor.actorUserId,
        action: 'organization.updated',
        entityType: 'organization',
        entityId: actor.organizationId,
        before: toSettings(before),
        after: after ? toSettings(after) : null,
      })
      return { ok: true as const, changed: true }
    })
  } catch (e) {
    // Twilio's `To` must name one hospital, so a number can belong to one only.
    if (violatedUniqueConstraint(e) === 'organizations_smsNumber_unique') return { ok: false, field: 'smsNumber', error: 'settings:errors.smsNumberTaken' }
    throw e
  }
}
