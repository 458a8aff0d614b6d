import { z } from 'zod'

/**
 * A survey campaign's sending rules (DESIGN.md §4): what triggers an invitation, by which
 * channel, how long after the event, inside which local hours, the reminder, the expiry and
 * how often one person may be surveyed. Durations are whole minutes; the form shows them as
 * days + hours (see durationToMinutes / minutesToDuration).
 */
export const CAMPAIGN_TRIGGERS = ['discharge', 'visit', 'case_closed', 'manual'] as const
export type CampaignTrigger = (typeof CAMPAIGN_TRIGGERS)[number]

export const CHANNEL_PREFERENCES = ['sms', 'email', 'sms_then_email'] as const
/** sms / email: that channel only; sms_then_email: SMS when it can reach the person, else email. */
export type ChannelPreference = (typeof CHANNEL_PREFERENCES)[number]

export interface CampaignSettings {
  trigger: CampaignTrigger
  channelPreference: ChannelPreference
  /** From the event to the invitation. */
  delayMinutes: number
  /** Local 'HH:MM' in the hospital's time zone; from > until is a window across midnight. */
  allowedFrom: string
  allowedUntil: string
  /** After the invitation is sent; null = no reminder. */
  reminderAfterMinutes: number | null
  /** After the invitation is sent. */
  expiryMinutes: number
  /** One person is not surveyed more than once in this many days; 0 = no cap. */
  frequencyCapDays: number
}

export const HOUR_MINUTES = 60
export const DAY_MINUTES = 24 * HOUR_MINUTES

export const MAX_DELAY_MINUTES = 30 * DAY_MINUTES
export const MIN_REMINDER_MINUTES = HOUR_MINUTES
export const MAX_REMINDER_MINUTES = 14 * DAY_MINUTES
export const MIN_EXPIRY_MINUTES = HOUR_MINUTES
export const MAX_EXPIRY_MINUTES = 60 * DAY_MINUTES
export const MAX_FREQUENCY_CAP_DAYS = 365

/** How long after each trigger the invitation goes out by default (出院 3 日内回访). */
const DEFAULT_DELAY_MINUTES: Readonly<Record<CampaignTrigger, number>> = {
  discharge: 3 * DAY_MINUTES,
  visit: DAY_MINUTES,
  case_closed: DAY_MINUTES,
  manual: 0,
}

export function defaultCampaignSettings(trigger: CampaignTrigger): CampaignSettings {
  return {
    trigger,
    channelPreference: 'sms_then_email',
    delayMinutes: DEFAULT_DELAY_MINUTES[trigger],
    allowedFrom: '09:00',
    allowedUntil: '20:00',
    reminderAfterMinutes: 2 * DAY_MINUTES,
    expiryMinutes: 7 * DAY_MINUTES,
    frequencyCapDays: 30,
  }
}

/** A duration as the form shows it. */
export interface DaysHours {
  days: number
  hours: number
}

/**
 * Minutes from a form's days + hours inputs (strings or numbers; an empty input counts as 0).
 * Null when both are empty (e.g. "no reminder"); NaN when either is not a number, which the
 * schema rejects with the field's range message.
 */
export function durationToMinutes(days: unknown, hours: unknown): number | null {
  const d = formNumber(days)
  const h = formNumber(hours)
  if (d === undefined && h === undefined) return null
  return ((d ?? 0) * 24 + (h ?? 0)) * HOUR_MINUTES
}

/** Days + hours to prefill the form; minutes that are not whole hours round up to the next hour. */
export function minutesToDuration(minutes: number): DaysHours {
  const hours = Math.ceil(minutes / HOUR_MINUTES)
  return { days: Math.floor(hours / 24), hours: hours % 24 }
}

/** '' and missing → undefined; other strings → Number (NaN when not numeric). */
function formNumber(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'number') return v
  const s = String(v).trim()
  return s === '' ? undefined : Number(s)
}

const LOCAL_TIME = /^([01]?\d|2[0-3]):([0-5]\d)(?::00)?$/

/** 'H:MM', 'HH:MM' or 'HH:MM:00' (a time input with seconds) → 'HH:MM'; null when not a time of day. */
export function normalizeLocalTime(input: string): string | null {
  const m = LOCAL_TIME.exec(input.trim())
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : null
}

/** Minutes since local midnight of a valid 'HH:MM'. */
export function localTimeMinutes(hhmm: string): number {
  const normalized = normalizeLocalTime(hhmm)
  if (!normalized) throw new RangeError(`not a local time: ${hhmm}`)
  return Number(normalized.slice(0, 2)) * 60 + Number(normalized.slice(3))
}

/** A whole number between min and max from a form string or a stored number; empty fails. */
const wholeNumber = (min: number, max: number, message: string) =>
  z.preprocess((v) => formNumber(v), z.number({ error: message }).int(message).min(min, message).max(max, message))

const localTime = z.string({ error: 'surveys:errors.allowedHoursInvalid' }).transform((v, ctx) => {
  const normalized = normalizeLocalTime(v)
  if (normalized) return normalized
  ctx.addIssue({ code: 'custom', message: 'surveys:errors.allowedHoursInvalid' })
  return z.NEVER
})

/** Empty or missing = no reminder. */
const reminderMinutes = z.preprocess(
  (v) => formNumber(v) ?? null,
  z
    .number({ error: 'surveys:errors.reminderRange' })
    .int('surveys:errors.reminderRange')
    .min(MIN_REMINDER_MINUTES, 'surveys:errors.reminderRange')
    .max(MAX_REMINDER_MINUTES, 'surveys:errors.reminderRange')
    .nullable(),
)

/**
 * The campaign form's settings, in minutes (convert the form's days + hours with
 * durationToMinutes first). Accepts form strings and stored numbers alike.
 */
export const campaignSettingsSchema = z
  .object({
    trigger: z.enum(CAMPAIGN_TRIGGERS, { error: 'surveys:errors.triggerRequired' }),
    channelPreference: z.enum(CHANNEL_PREFERENCES, { error: 'surveys:errors.channelRequired' }),
    delayMinutes: wholeNumber(0, MAX_DELAY_MINUTES, 'surveys:errors.delayRange'),
    allowedFrom: localTime,
    allowedUntil: localTime,
    reminderAfterMinutes: reminderMinutes,
    expiryMinutes: wholeNumber(MIN_EXPIRY_MINUTES, MAX_EXPIRY_MINUTES, 'surveys:errors.expiryRange'),
    frequencyCapDays: wholeNumber(0, MAX_FREQUENCY_CAP_DAYS, 'surveys:errors.frequencyCapRange'),
  })
  .superRefine((v, ctx) => {
    // from > until is a window across midnight; equal would be an empty (or endless) window.
    if (v.allowedFrom === v.allowedUntil) {
      ctx.addIssue({ code: 'custom', path: ['allowedUntil'], message: 'surveys:errors.allowedHoursSame' })
    }
    if (v.reminderAfterMinutes !== null && v.reminderAfterMinutes >= v.expiryMinutes) {
      ctx.addIssue({ code: 'custom', path: ['expiryMinutes'], message: 'surveys:errors.expiryBeforeReminder' })
    }
  })

export type CampaignSettingsInput = z.input<typeof campaignSettingsSchema>
