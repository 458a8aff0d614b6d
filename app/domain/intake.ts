/** What a patient (or staff on their behalf) tells the hospital (DESIGN.md §2). */
export const SUBMISSION_KINDS = ['complaint', 'suggestion', 'praise', 'inquiry', 'rating'] as const
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number]
/** Kinds a patient picks on the full form; `rating` comes from the one-tap scale. */
export const FORM_KINDS = ['complaint', 'suggestion', 'praise', 'inquiry'] as const satisfies readonly SubmissionKind[]
export type FormKind = (typeof FORM_KINDS)[number]

export const CHANNELS = ['qr', 'web', 'sms', 'phone', 'walk_in', 'mailbox', 'hotline', 'email', 'letter', 'survey'] as const
export type Channel = (typeof CHANNELS)[number]
/** Channels staff enter on a patient's behalf; the staff user becomes the first responsible person. */
export const STAFF_CHANNELS = ['phone', 'walk_in', 'mailbox', 'letter', 'hotline', 'email'] as const satisfies readonly Channel[]
export type StaffChannel = (typeof STAFF_CHANNELS)[number]

/** Default complaint categories (DESIGN.md §3); labels live in the intake locale namespace. */
export const CATEGORIES = [
  'service_attitude',
  'medical_quality',
  'medical_ethics',
  'costs',
  'process_waiting',
  'environment',
  'food',
  'parking',
  'communication',
  'privacy',
  'other',
] as const
export type Category = (typeof CATEGORIES)[number]

/** On-site evaluation: 1 (very dissatisfied) to 5 (very satisfied). */
export const QUICK_RATINGS = [1, 2, 3, 4, 5] as const
export type QuickRating = (typeof QUICK_RATINGS)[number]

export const TEXT_MAX = 2000
export const COMMENT_MAX = 500
export const MAX_ATTACHMENTS = 3
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
/** Content types accepted, as detected from the file's bytes. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/heic', 'application/pdf'] as const
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number]

/** Per-hospital defaults (DESIGN.md §2, §6). */
export const DEFAULT_INTAKE_LIMIT_PER_HOUR = 10
export const DEFAULT_SMS_ATTACH_WINDOW_DAYS = 14

/** Whether a submission of this kind opens a case. */
export const opensCase = (kind: SubmissionKind) => kind === 'complaint'
/** Whether the patient gets a reference number, receipt and tracking link (ratings are anonymous one-taps). */
export const getsReceipt = (kind: SubmissionKind) => kind !== 'rating'
