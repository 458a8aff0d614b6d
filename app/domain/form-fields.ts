import { z } from 'zod'

/** Optional free text: trimmed, empty becomes null; messages are translation keys. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'common:errors.tooLong')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional()

/** Required free text, trimmed. */
export const requiredText = (max: number) => z.string().trim().min(1, 'common:errors.required').max(max, 'common:errors.tooLong')

const uuid = z.string().uuid()
/** Ids from URLs are checked before they reach a query (a non-uuid is simply "not found"). */
export function isUuid(value: unknown): value is string {
  return uuid.safeParse(value).success
}
