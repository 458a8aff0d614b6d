import { normalizeE164, normalizeMainlandMobile } from './phone.ts'
import { type CampaignSettings, type ChannelPreference, localTimeMinutes } from './survey-campaign-settings.ts'
import { zoneOffset } from './working-calendar.ts'

/**
 * When survey invitations go out (DESIGN.md §4): inside the campaign's allowed local hours in
 * the hospital's time zone, a reminder only while the survey is open, one survey per person
 * per frequency cap, and which channel can reach the person. Pure: instants in, instants out.
 */

/** Allowed local hours: from inclusive, until exclusive; from > until runs across midnight. */
export interface AllowedWindow {
  from: string
  until: string
}

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS

export const allowedWindow = (s: Pick<CampaignSettings, 'allowedFrom' | 'allowedUntil'>): AllowedWindow => ({ from: s.allowedFrom, until: s.allowedUntil })

const mod = (a: number, n: number) => ((a % n) + n) % n

function windowBounds(window: AllowedWindow) {
  const from = localTimeMinutes(window.from) * MINUTE_MS
  const until = localTimeMinutes(window.until) * MINUTE_MS
  if (from === until) throw new RangeError(`empty allowed window ${window.from}–${window.until}`)
  return { from, until }
}

/** Is a local time of day (ms since midnight) inside the window? */
function inWindow(timeOfDay: number, { from, until }: { from: number; until: number }): boolean {
  return from < until ? timeOfDay >= from && timeOfDay < until : timeOfDay >= from || timeOfDay < until
}

/** Whether the local wall-clock time at `at` is inside the allowed hours. */
export function isWithinWindow(at: Date, window: AllowedWindow, timeZone: string): boolean {
  const ms = at.getTime()
  return inWindow(mod(ms + zoneOffset(ms, timeZone), DAY_MS), windowBounds(window))
}

/** The first instant in (lo, hi] whose offset differs from lo's; hi's offset must differ. */
function offsetChange(lo: number, hi: number, timeZone: string): number {
  const before = zoneOffset(lo, timeZone)
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2)
    if (zoneOffset(mid, timeZone) === before) lo = mid
    else hi = mid
  }
  return hi
}

/**
 * `at` when it is inside the allowed hours, else the earliest later instant whose local
 * wall-clock time is inside them — normally the `from` time on the right local date. Across a
 * DST change: a `from` that does not exist that day (spring forward) opens at the first
 * instant after the gap; a repeated `from` (fall back) opens at its first occurrence.
 */
export function nextAllowedInstant(at: Date, window: AllowedWindow, timeZone: string): Date {
  const bounds = windowBounds(window)
  let cursor = at.getTime()
  // Each pass either answers or moves to the next offset change; a few passes always suffice.
  for (let pass = 0; pass < 8; pass++) {
    const offset = zoneOffset(cursor, timeZone)
    const timeOfDay = mod(cursor + offset, DAY_MS)
    if (inWindow(timeOfDay, bounds)) return new Date(cursor)
    // Outside the window, local time next enters it at `from` (if the offset holds until then).
    const opens = cursor + mod(bounds.from - timeOfDay, DAY_MS)
    if (zoneOffset(opens, timeZone) === offset) return new Date(opens)
    cursor = offsetChange(cursor, opens, timeZone)
  }
  throw new Error(`no allowed instant found after ${at.toISOString()} in ${timeZone}`)
}

export interface InvitationTimes {
  sendAt: Date
  /** Null when reminders are off or the reminder could only go out once the survey has expired. */
  reminderAt: Date | null
  expiresAt: Date
}

/**
 * When an invitation for an event goes out, is reminded and expires. Never in the past: an
 * event imported late is invited now (or when the allowed hours next open).
 */
export function invitationTimes(input: {
  eventAt: Date
  settings: Pick<CampaignSettings, 'delayMinutes' | 'allowedFrom' | 'allowedUntil' | 'reminderAfterMinutes' | 'expiryMinutes'>
  timeZone: string
  now: Date
}): InvitationTimes {
  const { eventAt, settings, timeZone, now } = input
  const window = allowedWindow(settings)
  const earliest = Math.max(eventAt.getTime() + settings.delayMinutes * MINUTE_MS, now.getTime())
  const sendAt = nextAllowedInstant(new Date(earliest), window, timeZone)
  const expiresAt = new Date(sendAt.getTime() + settings.expiryMinutes * MINUTE_MS)
  if (settings.reminderAfterMinutes === null) return { sendAt, reminderAt: null, expiresAt }
  const reminderAt = nextAllowedInstant(new Date(sendAt.getTime() + settings.reminderAfterMinutes * MINUTE_MS), window, timeZone)
  return { sendAt, reminderAt: reminderAt.getTime() < expiresAt.getTime() ? reminderAt : null, expiresAt }
}

export const invitationExpired = (expiresAt: Date, now: Date): boolean => now.getTime() >= expiresAt.getTime()

/**
 * Whether the frequency cap stops a new invitation at `now`: the person has another invitation
 * less than `capDays` (of 24 hours) away — before it, or scheduled after it. 0 = no cap.
 */
export function capBlocks(input: { lastInvitedAt: Date | null; now: Date; capDays: number }): boolean {
  const { lastInvitedAt, now, capDays } = input
  if (capDays <= 0 || !lastInvitedAt) return false
  return Math.abs(now.getTime() - lastInvitedAt.getTime()) < capDays * DAY_MS
}

/**
 * The key that finds one person across events for the frequency cap and opt-outs: the phone in
 * E.164 when there is a valid one (mainland numbers may be written without +86), else the
 * trimmed lower-cased email; null when neither is usable.
 */
export function personKey(contact: { phone?: string | null; email?: string | null }): string | null {
  const phone = contact.phone?.trim()
  if (phone) {
    const e164 = normalizeMainlandMobile(phone) ?? normalizeE164(phone)
    if (e164) return e164
  }
  const email = contact.email?.trim().toLowerCase()
  return email && email.includes('@') ? email : null
}

export type SurveyChannel = 'sms' | 'email'

/**
 * Why an invitation cannot be sent. The caller records `opted_out` as the invitation status
 * `opted_out` and `no_contact` as `failed`.
 */
export type UnreachableReason = 'no_contact' | 'opted_out'

export type ChannelChoice = { channel: SurveyChannel } | { channel: null; reason: UnreachableReason }

export interface Reachability {
  /** The person has a phone number / an email address on file. */
  phone: boolean
  email: boolean
  /** That number / address has opted out of surveys (an opt-out without the address does not count). */
  phoneOptedOut: boolean
  emailOptedOut: boolean
}

/**
 * The channel for an invitation. `sms` and `email` use that channel only; `sms_then_email`
 * falls back to email when SMS cannot be used. When nothing can be used, the reason is
 * `opted_out` if an address we would have used has opted out, else `no_contact`.
 */
export function chooseChannel(preference: ChannelPreference, r: Reachability): ChannelChoice {
  const candidates: SurveyChannel[] = preference === 'sms_then_email' ? ['sms', 'email'] : [preference]
  let optedOut = false
  for (const channel of candidates) {
    const has = channel === 'sms' ? r.phone : r.email
    const out = channel === 'sms' ? r.phoneOptedOut : r.emailOptedOut
    if (has && !out) return { channel }
    if (has && out) optedOut = true
  }
  return { channel: null, reason: optedOut ? 'opted_out' : 'no_contact' }
}
