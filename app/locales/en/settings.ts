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
  },
  notSet: 'Not set',
  errors: {
    timeZoneInvalid: 'Choose a valid time zone (an IANA name such as Asia/Shanghai).',
    localeInvalid: 'Choose Chinese or English.',
  },
} satisfies Messages<typeof zh>
