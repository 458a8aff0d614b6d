import { z } from 'zod'
import { optionalText } from '#app/domain/form-fields.ts'
import { LOCALES, type Locale } from '#app/domain/locales.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
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
})
export type SettingsInput = z.infer<typeof settingsInputSchema>

export interface HospitalSettings {
  slug: string
  name: string
  nameEn: string | null
  timeZone: string
  defaultLocale: Locale
}

function toSettings(o: Organization): HospitalSettings {
  return { slug: o.slug, name: o.name, nameEn: o.nameEn, timeZone: o.timeZone, defaultLocale: o.defaultLocale }
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

export async function getSettings(ctx: AppContext, { organizationId }: { organizationId: string }) {
  const organization = await findOrganizationById(ctx.db, { organizationId })
  if (!organization) throw new Error('hospital disappeared while being viewed')
  return toSettings(organization)
}

/** Saves the hospital's settings; an audit event records what changed (nothing is written when nothing did). */
export async function updateSettings(ctx: AppContext, actor: { organizationId: string; actorUserId: string }, input: SettingsInput): Promise<{ changed: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const before = await findOrganizationById(tx, { organizationId: actor.organizationId })
    if (!before) throw new Error('hospital disappeared while being edited')
    const next = { name: input.name, nameEn: input.nameEn ?? null, timeZone: input.timeZone, defaultLocale: input.defaultLocale }
    const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => before[k] !== next[k])
    if (!changed) return { changed: false }
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
    return { changed: true }
  })
}
