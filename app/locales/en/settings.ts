import type { Messages } from '../types.ts'
import type zh from '../zh-CN/settings.ts'

export default {
  title: 'Hospital settings',
  intro: 'The hospital’s name is shown at the top of staff pages, on the pages patients open from QR codes, and in messages to patients.',
  readOnly: 'You can view the hospital settings; only administrators can change them.',
  saved: 'Hospital settings saved.',
  unchanged: 'Nothing was changed.',
  fields: {
    slug: 'Hospital identifier (used in web addresses, cannot be changed)',
    name: 'Hospital name (Chinese)',
    nameEn: 'English name (optional)',
    nameEnHint: 'Shown on English pages, e.g. “Huiyin People’s Hospital”.',
    timeZone: 'Time zone',
    timeZoneHint: 'Deadlines, reports and times on every page are calculated and shown in this time zone. Hospitals in mainland China use Asia/Shanghai (Beijing time).',
    defaultLocale: 'Default language',
    defaultLocaleHint: 'The language of patient pages and messages to patients unless they choose another; staff can switch language at the top of any page.',
    smsNumber: 'Hospital SMS number (optional)',
    smsNumberHint: 'The number you have with Twilio, in international format such as +8610xxxxxxxx. Text messages patients send to it are recorded as this hospital’s complaints. In Twilio, set the number’s messaging webhook to {{url}}.',
    smsAttachWindowDays: 'Days a text is added to an open complaint',
    smsAttachWindowDaysHint: 'A text from a patient within this many days of their complaint is added to it instead of opening a new one. 1 to 90.',
    intakeLimitPerHour: 'New feedback per hour, at most',
    intakeLimitPerHourHint: 'How many new submissions one phone number or one network address may send per hour, to stop abuse. 1 to 1000.',
  },
  sms: {
    heading: 'Text messages and abuse limits',
  },
  notSet: 'Not set',
  errors: {
    timeZoneInvalid: 'Choose a valid time zone (an IANA name such as Asia/Shanghai).',
    localeInvalid: 'Choose Chinese or English.',
    smsNumberInvalid: 'Enter the number in international format, starting with + and the country code, such as +8610xxxxxxxx.',
    smsNumberTaken: 'Another hospital already uses this SMS number; a number can belong to one hospital only.',
    intakeLimitRange: 'Enter a whole number from 1 to 1000.',
    attachWindowRange: 'Enter a whole number from 1 to 90.',
  },
} satisfies Messages<typeof zh>
