import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultCampaignSettings } from '#app/domain/survey-campaign-settings.ts'
import { type AllowedWindow, capBlocks, chooseChannel, invitationExpired, invitationTimes, isWithinWindow, nextAllowedInstant, personKey, type Reachability } from '#app/domain/survey-schedule.ts'

const SHANGHAI = 'Asia/Shanghai'
const NEW_YORK = 'America/New_York'
const LONDON = 'Europe/London'
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** A Shanghai wall-clock time (UTC+8 all year). */
const sh = (local: string) => new Date(`${local}+08:00`)
const utc = (iso: string) => new Date(`${iso}Z`)
const DAYTIME: AllowedWindow = { from: '09:00', until: '20:00' }
const NIGHT: AllowedWindow = { from: '20:00', until: '02:00' }

describe('allowed hours in Shanghai', () => {
  it('sends at once inside the window, including its first moment', () => {
    expect(nextAllowedInstant(sh('2026-01-23T12:00:00'), DAYTIME, SHANGHAI)).toEqual(sh('2026-01-23T12:00:00'))
    expect(nextAllowedInstant(sh('2026-01-23T09:00:00'), DAYTIME, SHANGHAI)).toEqual(sh('2026-01-23T09:00:00'))
    expect(nextAllowedInstant(sh('2026-01-23T19:59:59.999'), DAYTIME, SHANGHAI)).toEqual(sh('2026-01-23T19:59:59.999'))
  })

  it('waits for the window to open in the morning', () => {
    expect(nextAllowedInstant(sh('2026-01-23T08:59:00'), DAYTIME, SHANGHAI)).toEqual(sh('2026-01-23T09:00:00'))
    expect(nextAllowedInstant(sh('2026-01-23T00:00:00'), DAYTIME, SHANGHAI)).toEqual(sh('2026-01-23T09:00:00'))
  })

  it('moves the window’s closing moment and the evening to the next morning', () => {
    expect(isWithinWindow(sh('2026-01-23T20:00:00'), DAYTIME, SHANGHAI)).toBe(false)
    expect(nextAllowedInstant(sh('2026-01-23T20:00:00'), DAYTIME, SHANGHAI)).toEqual(sh('2026-01-24T09:00:00'))
    expect(nextAllowedInstant(sh('2026-01-23T23:30:00'), DAYTIME, SHANGHAI)).toEqual(sh('2026-01-24T09:00:00'))
  })

  it('allows 01:00 in a 20:00–02:00 window across midnight and moves 03:00 to 20:00 the same day', () => {
    expect(isWithinWindow(sh('2026-01-23T01:00:00'), NIGHT, SHANGHAI)).toBe(true)
    expect(isWithinWindow(sh('2026-01-23T00:00:00'), NIGHT, SHANGHAI)).toBe(true)
    expect(nextAllowedInstant(sh('2026-01-23T01:00:00'), NIGHT, SHANGHAI)).toEqual(sh('2026-01-23T01:00:00'))
    expect(nextAllowedInstant(sh('2026-01-23T03:00:00'), NIGHT, SHANGHAI)).toEqual(sh('2026-01-23T20:00:00'))
    expect(nextAllowedInstant(sh('2026-01-23T02:00:00'), NIGHT, SHANGHAI)).toEqual(sh('2026-01-23T20:00:00'))
    expect(nextAllowedInstant(sh('2026-01-23T23:59:00'), NIGHT, SHANGHAI)).toEqual(sh('2026-01-23T23:59:00'))
  })

  it('refuses a window that starts and ends at the same time', () => {
    expect(() => nextAllowedInstant(sh('2026-01-23T12:00:00'), { from: '09:00', until: '09:00' }, SHANGHAI)).toThrow(RangeError)
  })
})

describe('allowed hours across daylight saving changes', () => {
  it('opens on New York local time on the day clocks spring forward (2026-03-08)', () => {
    // Saturday 21:00 EST → Sunday 09:00 EDT.
    expect(nextAllowedInstant(utc('2026-03-08T02:00:00'), DAYTIME, NEW_YORK)).toEqual(utc('2026-03-08T13:00:00'))
  })

  it('opens a window starting at a New York time that does not exist that day at the first instant after the gap', () => {
    // 02:30 never happens on 2026-03-08: 01:59:59 EST is followed by 03:00 EDT (07:00Z).
    expect(nextAllowedInstant(utc('2026-03-08T06:00:00'), { from: '02:30', until: '20:00' }, NEW_YORK)).toEqual(utc('2026-03-08T07:00:00'))
    expect(nextAllowedInstant(utc('2026-03-08T06:00:00'), { from: '02:00', until: '20:00' }, NEW_YORK)).toEqual(utc('2026-03-08T07:00:00'))
    // A window that lies wholly inside the gap does not open that day.
    expect(nextAllowedInstant(utc('2026-03-08T06:00:00'), { from: '02:15', until: '02:45' }, NEW_YORK)).toEqual(utc('2026-03-09T06:15:00'))
  })

  it('opens on New York local time on the day clocks fall back (2026-11-01)', () => {
    // Saturday 22:00 EDT → Sunday 09:00 EST.
    expect(nextAllowedInstant(utc('2026-11-01T02:00:00'), DAYTIME, NEW_YORK)).toEqual(utc('2026-11-01T14:00:00'))
  })

  it('opens a window starting at a repeated New York time at its first occurrence', () => {
    // 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(nextAllowedInstant(utc('2026-11-01T04:00:00'), { from: '01:30', until: '20:00' }, NEW_YORK)).toEqual(utc('2026-11-01T05:30:00'))
  })

  it('reopens a window across midnight when the clock falls back into it', () => {
    // 01:40 EDT is after 01:30; an hour later the clock reads 01:00 EST, inside the window again.
    expect(nextAllowedInstant(utc('2026-11-01T05:40:00'), { from: '20:00', until: '01:30' }, NEW_YORK)).toEqual(utc('2026-11-01T06:00:00'))
  })

  it('follows British Summer Time in London (2026-03-29 and 2026-10-25)', () => {
    expect(nextAllowedInstant(utc('2026-03-28T21:00:00'), DAYTIME, LONDON)).toEqual(utc('2026-03-29T08:00:00'))
    // 01:30 does not exist on 2026-03-29: 00:59:59 GMT is followed by 02:00 BST (01:00Z).
    expect(nextAllowedInstant(utc('2026-03-29T00:30:00'), { from: '01:30', until: '20:00' }, LONDON)).toEqual(utc('2026-03-29T01:00:00'))
    // 01:30 happens twice on 2026-10-25: first at 00:30Z (BST).
    expect(nextAllowedInstant(utc('2026-10-24T23:00:00'), { from: '01:30', until: '20:00' }, LONDON)).toEqual(utc('2026-10-25T00:30:00'))
    expect(nextAllowedInstant(utc('2026-10-24T21:00:00'), DAYTIME, LONDON)).toEqual(utc('2026-10-25T09:00:00'))
  })

  it('judges the window on local wall-clock time', () => {
    expect(isWithinWindow(utc('2026-07-01T13:00:00'), DAYTIME, NEW_YORK)).toBe(true) // 09:00 EDT
    expect(isWithinWindow(utc('2026-01-15T13:00:00'), DAYTIME, NEW_YORK)).toBe(false) // 08:00 EST
    expect(isWithinWindow(utc('2026-07-01T19:00:00'), DAYTIME, LONDON)).toBe(false) // 20:00 BST
  })
})

describe('allowed hours (properties)', () => {
  const zones = fc.constantFrom(SHANGHAI, NEW_YORK, LONDON, 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo')
  const around = (iso: string) => fc.integer({ min: -2 * DAY, max: 2 * DAY }).map((d) => new Date(Date.parse(iso) + d))
  const instant = fc.oneof(
    fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
    // Near the 2026 changes, where the interesting cases are.
    around('2026-03-08T07:00:00Z'),
    around('2026-11-01T06:00:00Z'),
    around('2026-03-29T01:00:00Z'),
    around('2026-10-25T01:00:00Z'),
    around('2026-04-04T15:00:00Z'), // Lord Howe: half an hour back
    around('2026-10-03T15:30:00Z'), // Lord Howe: half an hour forward
  )
  const hhmm = fc.integer({ min: 0, max: 24 * 4 - 1 }).map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`)
  const window = fc
    .tuple(hhmm, hhmm)
    .filter(([from, until]) => from !== until)
    .map(([from, until]): AllowedWindow => ({ from, until }))

  it('never sends earlier than asked, always inside the window, and moving again changes nothing', () => {
    fc.assert(
      fc.property(instant, window, zones, (at, w, tz) => {
        const next = nextAllowedInstant(at, w, tz)
        expect(next.getTime()).toBeGreaterThanOrEqual(at.getTime())
        expect(isWithinWindow(next, w, tz)).toBe(true)
        expect(nextAllowedInstant(next, w, tz)).toEqual(next)
      }),
      { numRuns: 500 },
    )
  })

  it('sends at the first allowed moment, not later (property)', () => {
    fc.assert(
      fc.property(instant, window, zones, (at, w, tz) => {
        const next = nextAllowedInstant(at, w, tz)
        if (next.getTime() === at.getTime()) return
        expect(isWithinWindow(new Date(next.getTime() - 1), w, tz)).toBe(false)
        // No whole minute in between is allowed (window edges and clock changes fall on minutes).
        for (let t = Math.ceil(at.getTime() / MINUTE) * MINUTE; t < next.getTime(); t += MINUTE) {
          expect(isWithinWindow(new Date(t), w, tz)).toBe(false)
        }
      }),
      { numRuns: 100 },
    )
  })
})

describe('invitation times', () => {
  const discharge = defaultCampaignSettings('discharge')

  it('invites a patient discharged 2026-01-23 18:00 on 2026-01-26 18:00, reminds 2 days later and expires 7 days after sending', () => {
    const eventAt = sh('2026-01-23T18:00:00')
    expect(invitationTimes({ eventAt, settings: discharge, timeZone: SHANGHAI, now: eventAt })).toEqual({
      sendAt: sh('2026-01-26T18:00:00'),
      reminderAt: sh('2026-01-28T18:00:00'),
      expiresAt: sh('2026-02-02T18:00:00'),
    })
  })

  it('moves an invitation that would go out at 23:30 to 09:00 the next day', () => {
    const eventAt = sh('2026-01-23T23:30:00')
    expect(invitationTimes({ eventAt, settings: discharge, timeZone: SHANGHAI, now: eventAt }).sendAt).toEqual(sh('2026-01-27T09:00:00'))
  })

  it('never schedules in the past: a discharge imported late is invited when the window next opens', () => {
    const times = invitationTimes({ eventAt: sh('2026-01-10T10:00:00'), settings: discharge, timeZone: SHANGHAI, now: sh('2026-01-30T22:00:00') })
    expect(times.sendAt).toEqual(sh('2026-01-31T09:00:00'))
    expect(times.expiresAt).toEqual(sh('2026-02-07T09:00:00'))
  })

  it('sends a manual campaign at once inside the window', () => {
    const now = sh('2026-01-23T10:15:00')
    expect(invitationTimes({ eventAt: now, settings: defaultCampaignSettings('manual'), timeZone: SHANGHAI, now }).sendAt).toEqual(now)
  })

  it('moves a reminder that falls at night into the window', () => {
    const settings = { ...discharge, reminderAfterMinutes: 12 * 60 }
    const eventAt = sh('2026-01-23T18:00:00')
    expect(invitationTimes({ eventAt, settings, timeZone: SHANGHAI, now: eventAt }).reminderAt).toEqual(sh('2026-01-27T09:00:00'))
  })

  it('drops a reminder that could only go out after the survey expired', () => {
    const eventAt = sh('2026-01-23T18:00:00')
    // Sent 01-26 18:00; reminder 06:00 → 09:00, but the survey expires at 08:00.
    const late = invitationTimes({ eventAt, settings: { ...discharge, reminderAfterMinutes: 12 * 60, expiryMinutes: 14 * 60 }, timeZone: SHANGHAI, now: eventAt })
    expect(late).toEqual({ sendAt: sh('2026-01-26T18:00:00'), reminderAt: null, expiresAt: sh('2026-01-27T08:00:00') })
    // A reminder exactly at expiry is dropped too.
    const atExpiry = invitationTimes({ eventAt, settings: { ...discharge, delayMinutes: 0, reminderAfterMinutes: 60, expiryMinutes: 60 }, timeZone: SHANGHAI, now: sh('2026-01-23T10:00:00') })
    expect(atExpiry.reminderAt).toBeNull()
  })

  it('has no reminder when reminders are off', () => {
    const eventAt = sh('2026-01-23T18:00:00')
    expect(invitationTimes({ eventAt, settings: { ...discharge, reminderAfterMinutes: null }, timeZone: SHANGHAI, now: eventAt }).reminderAt).toBeNull()
  })

  it('counts the delay in elapsed time across a DST change and still sends at local allowed hours', () => {
    // Discharged Friday 2026-03-06 10:00 EST; 72 hours later is Monday 11:00 EDT.
    const eventAt = utc('2026-03-06T15:00:00')
    expect(invitationTimes({ eventAt, settings: discharge, timeZone: NEW_YORK, now: eventAt }).sendAt).toEqual(utc('2026-03-09T15:00:00'))
  })

  it('expires an invitation from its expiry moment on', () => {
    const expiresAt = sh('2026-02-02T18:00:00')
    expect(invitationExpired(expiresAt, new Date(expiresAt.getTime() - 1))).toBe(false)
    expect(invitationExpired(expiresAt, expiresAt)).toBe(true)
  })
})

describe('frequency cap', () => {
  const now = sh('2026-03-01T10:00:00')

  it('blocks a person invited less than the cap ago, and not one invited exactly the cap ago', () => {
    expect(capBlocks({ lastInvitedAt: new Date(now.getTime() - 30 * DAY + 1), now, capDays: 30 })).toBe(true)
    expect(capBlocks({ lastInvitedAt: new Date(now.getTime() - 30 * DAY), now, capDays: 30 })).toBe(false)
    expect(capBlocks({ lastInvitedAt: now, now, capDays: 1 })).toBe(true)
  })

  it('also blocks when another invitation is already scheduled within the cap', () => {
    expect(capBlocks({ lastInvitedAt: new Date(now.getTime() + 2 * DAY), now, capDays: 30 })).toBe(true)
    expect(capBlocks({ lastInvitedAt: new Date(now.getTime() + 30 * DAY), now, capDays: 30 })).toBe(false)
  })

  it('never blocks without a cap or a previous invitation', () => {
    expect(capBlocks({ lastInvitedAt: now, now, capDays: 0 })).toBe(false)
    expect(capBlocks({ lastInvitedAt: null, now, capDays: 365 })).toBe(false)
  })
})

describe('person key', () => {
  it('recognises the same mainland mobile however it is written', () => {
    for (const phone of ['13812345678', '138 1234 5678', '+86 138-1234-5678', '008613812345678', '8613812345678']) {
      expect(personKey({ phone })).toBe('+8613812345678')
    }
  })

  it('keeps other E.164 numbers', () => {
    expect(personKey({ phone: '+1 (212) 555-0100' })).toBe('+12125550100')
  })

  it('prefers the phone to the email', () => {
    expect(personKey({ phone: '13812345678', email: 'li@example.com' })).toBe('+8613812345678')
  })

  it('falls back to the trimmed, lower-cased email when there is no usable phone', () => {
    expect(personKey({ phone: null, email: '  Li.Ming@Example.COM ' })).toBe('li.ming@example.com')
    expect(personKey({ phone: '12345', email: 'li@example.com' })).toBe('li@example.com')
    expect(personKey({ phone: '  ', email: 'LI@example.com' })).toBe('li@example.com')
  })

  it('has no key without a phone or an email', () => {
    expect(personKey({})).toBeNull()
    expect(personKey({ phone: '', email: '  ' })).toBeNull()
    expect(personKey({ phone: 'n/a', email: 'none' })).toBeNull()
  })
})

describe('channel choice', () => {
  const reach = (phone: boolean, email: boolean, phoneOptedOut = false, emailOptedOut = false): Reachability => ({ phone, email, phoneOptedOut, emailOptedOut })

  it.each([
    // preference, phone, email, phone opted out, email opted out → result
    ['sms', reach(true, true), { channel: 'sms' }],
    ['sms', reach(false, true), { channel: null, reason: 'no_contact' }],
    ['sms', reach(true, true, true), { channel: null, reason: 'opted_out' }],
    ['sms', reach(false, false, true), { channel: null, reason: 'no_contact' }],
    ['email', reach(true, true), { channel: 'email' }],
    ['email', reach(true, false), { channel: null, reason: 'no_contact' }],
    ['email', reach(true, true, false, true), { channel: null, reason: 'opted_out' }],
    ['sms_then_email', reach(true, true), { channel: 'sms' }],
    ['sms_then_email', reach(false, true), { channel: 'email' }],
    ['sms_then_email', reach(true, true, true), { channel: 'email' }],
    ['sms_then_email', reach(true, false, true), { channel: null, reason: 'opted_out' }],
    ['sms_then_email', reach(false, true, false, true), { channel: null, reason: 'opted_out' }],
    ['sms_then_email', reach(true, true, true, true), { channel: null, reason: 'opted_out' }],
    ['sms_then_email', reach(false, false), { channel: null, reason: 'no_contact' }],
  ] as const)('%s with %o → %o', (preference, reachability, expected) => {
    expect(chooseChannel(preference, reachability)).toEqual(expected)
  })
})

