import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CAMPAIGN_TRIGGERS,
  type CampaignSettings,
  campaignSettingsSchema,
  DAY_MINUTES,
  defaultCampaignSettings,
  durationToMinutes,
  localTimeMinutes,
  minutesToDuration,
  normalizeLocalTime,
} from '#app/domain/survey-campaign-settings.ts'

/** What the campaign form posts: every value a string. */
const form = (changes: Record<string, string> = {}): Record<string, string> => ({
  trigger: 'discharge',
  channelPreference: 'sms_then_email',
  delayMinutes: '4320',
  allowedFrom: '09:00',
  allowedUntil: '20:00',
  reminderAfterMinutes: '2880',
  expiryMinutes: '10080',
  frequencyCapDays: '30',
  ...changes,
})

function errors(input: Record<string, unknown>): Record<string, string[]> {
  const r = campaignSettingsSchema.safeParse(input)
  if (r.success) return {}
  const out: Record<string, string[]> = {}
  for (const issue of r.error.issues) (out[issue.path.join('.')] ??= []).push(issue.message)
  return out
}

describe('campaign settings defaults', () => {
  it('invites discharged inpatients 3 days after discharge (出院 3 日内回访), 09:00–20:00, one reminder after 2 days, expiry after 7 days, once per 30 days', () => {
    expect(defaultCampaignSettings('discharge')).toEqual({
      trigger: 'discharge',
      channelPreference: 'sms_then_email',
      delayMinutes: 3 * DAY_MINUTES,
      allowedFrom: '09:00',
      allowedUntil: '20:00',
      reminderAfterMinutes: 2 * DAY_MINUTES,
      expiryMinutes: 7 * DAY_MINUTES,
      frequencyCapDays: 30,
    })
  })

  it('invites a day after a visit or a closed case, and at once for a manual list', () => {
    expect(defaultCampaignSettings('visit').delayMinutes).toBe(DAY_MINUTES)
    expect(defaultCampaignSettings('case_closed').delayMinutes).toBe(DAY_MINUTES)
    expect(defaultCampaignSettings('manual').delayMinutes).toBe(0)
  })

  it('passes its own form validation for every trigger', () => {
    for (const trigger of CAMPAIGN_TRIGGERS) {
      const defaults = defaultCampaignSettings(trigger)
      expect(campaignSettingsSchema.parse(defaults)).toEqual(defaults)
    }
  })
})

describe('campaign settings form', () => {
  it('turns the form strings into settings', () => {
    const settings: CampaignSettings = campaignSettingsSchema.parse(form())
    expect(settings).toEqual(defaultCampaignSettings('discharge'))
  })

  it('treats an empty reminder as no reminder', () => {
    expect(campaignSettingsSchema.parse(form({ reminderAfterMinutes: '' })).reminderAfterMinutes).toBeNull()
    const { reminderAfterMinutes: _, ...withoutReminder } = form()
    expect(campaignSettingsSchema.parse(withoutReminder).reminderAfterMinutes).toBeNull()
  })

  it('accepts allowed hours across midnight, and a time input with seconds or without a leading zero', () => {
    expect(campaignSettingsSchema.parse(form({ allowedFrom: '20:00', allowedUntil: '02:00' }))).toMatchObject({ allowedFrom: '20:00', allowedUntil: '02:00' })
    expect(campaignSettingsSchema.parse(form({ allowedFrom: '9:30', allowedUntil: '20:00:00' }))).toMatchObject({ allowedFrom: '09:30', allowedUntil: '20:00' })
  })

  it('rejects allowed hours that are not times of day', () => {
    for (const bad of ['', '24:00', '9am', '09:60', '0900']) {
      expect(errors(form({ allowedFrom: bad }))).toEqual({ allowedFrom: ['surveys:errors.allowedHoursInvalid'] })
    }
  })

  it('rejects allowed hours that start and end at the same time', () => {
    expect(errors(form({ allowedFrom: '09:00', allowedUntil: '9:00' }))).toEqual({ allowedUntil: ['surveys:errors.allowedHoursSame'] })
  })

  it('keeps the delay between 0 and 30 days in whole minutes, and does not read an empty delay as 0', () => {
    expect(campaignSettingsSchema.parse(form({ delayMinutes: '0' })).delayMinutes).toBe(0)
    expect(campaignSettingsSchema.parse(form({ delayMinutes: String(30 * DAY_MINUTES) })).delayMinutes).toBe(30 * DAY_MINUTES)
    for (const bad of ['-1', String(30 * DAY_MINUTES + 1), '1.5', 'abc', '']) {
      expect(errors(form({ delayMinutes: bad }))).toEqual({ delayMinutes: ['surveys:errors.delayRange'] })
    }
  })

  it('keeps the reminder between 1 hour and 14 days', () => {
    expect(campaignSettingsSchema.parse(form({ reminderAfterMinutes: '60' })).reminderAfterMinutes).toBe(60)
    expect(campaignSettingsSchema.parse(form({ reminderAfterMinutes: String(14 * DAY_MINUTES), expiryMinutes: String(15 * DAY_MINUTES) })).reminderAfterMinutes).toBe(14 * DAY_MINUTES)
    for (const bad of ['59', '0', String(14 * DAY_MINUTES + 1), 'x']) {
      expect(errors(form({ reminderAfterMinutes: bad, expiryMinutes: String(20 * DAY_MINUTES) }))).toEqual({ reminderAfterMinutes: ['surveys:errors.reminderRange'] })
    }
  })

  it('keeps the expiry between 1 hour and 60 days', () => {
    expect(campaignSettingsSchema.parse(form({ expiryMinutes: '60', reminderAfterMinutes: '' })).expiryMinutes).toBe(60)
    expect(campaignSettingsSchema.parse(form({ expiryMinutes: String(60 * DAY_MINUTES) })).expiryMinutes).toBe(60 * DAY_MINUTES)
    for (const bad of ['59', String(60 * DAY_MINUTES + 1), '']) {
      expect(errors(form({ expiryMinutes: bad, reminderAfterMinutes: '' }))).toEqual({ expiryMinutes: ['surveys:errors.expiryRange'] })
    }
  })

  it('requires the reminder to come before the survey expires', () => {
    expect(errors(form({ reminderAfterMinutes: String(2 * DAY_MINUTES), expiryMinutes: String(2 * DAY_MINUTES) }))).toEqual({ expiryMinutes: ['surveys:errors.expiryBeforeReminder'] })
    expect(errors(form({ reminderAfterMinutes: String(3 * DAY_MINUTES), expiryMinutes: String(2 * DAY_MINUTES) }))).toEqual({ expiryMinutes: ['surveys:errors.expiryBeforeReminder'] })
    expect(errors(form({ reminderAfterMinutes: String(2 * DAY_MINUTES - 60), expiryMinutes: String(2 * DAY_MINUTES) }))).toEqual({})
  })

  it('keeps the frequency cap between 0 (no cap) and 365 days', () => {
    expect(campaignSettingsSchema.parse(form({ frequencyCapDays: '0' })).frequencyCapDays).toBe(0)
    expect(campaignSettingsSchema.parse(form({ frequencyCapDays: '365' })).frequencyCapDays).toBe(365)
    for (const bad of ['-1', '366', '7.5']) {
      expect(errors(form({ frequencyCapDays: bad }))).toEqual({ frequencyCapDays: ['surveys:errors.frequencyCapRange'] })
    }
  })

  it('rejects an unknown trigger or channel', () => {
    expect(errors(form({ trigger: 'birthday', channelPreference: 'fax' }))).toEqual({
      trigger: ['surveys:errors.triggerRequired'],
      channelPreference: ['surveys:errors.channelRequired'],
    })
  })
})

describe('days + hours on the form', () => {
  it('converts the form’s days and hours to minutes', () => {
    expect(durationToMinutes('3', '0')).toBe(3 * DAY_MINUTES)
    expect(durationToMinutes('1', '12')).toBe(36 * 60)
    expect(durationToMinutes('', '6')).toBe(6 * 60)
    expect(durationToMinutes(2, undefined)).toBe(2 * DAY_MINUTES)
  })

  it('gives null when both are empty, and an invalid number the schema rejects', () => {
    expect(durationToMinutes('', ' ')).toBeNull()
    expect(durationToMinutes(undefined, null)).toBeNull()
    expect(durationToMinutes('two', '0')).toBeNaN()
    expect(errors(form({ delayMinutes: String(durationToMinutes('two', '0')) }))).toEqual({ delayMinutes: ['surveys:errors.delayRange'] })
  })

  it('shows minutes as days and hours', () => {
    expect(minutesToDuration(3 * DAY_MINUTES)).toEqual({ days: 3, hours: 0 })
    expect(minutesToDuration(36 * 60)).toEqual({ days: 1, hours: 12 })
    expect(minutesToDuration(0)).toEqual({ days: 0, hours: 0 })
  })

  it('round-trips whole hours (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 * 24 }), (hours) => {
        const { days, hours: h } = minutesToDuration(hours * 60)
        expect(h).toBeLessThan(24)
        expect(durationToMinutes(String(days), String(h))).toBe(hours * 60)
      }),
    )
  })
})

describe('local times', () => {
  it('normalises and measures a time of day', () => {
    expect(normalizeLocalTime(' 7:05 ')).toBe('07:05')
    expect(normalizeLocalTime('23:59:00')).toBe('23:59')
    expect(normalizeLocalTime('23:59:30')).toBeNull()
    expect(localTimeMinutes('20:30')).toBe(20 * 60 + 30)
    expect(() => localTimeMinutes('noon')).toThrow(RangeError)
  })
})
