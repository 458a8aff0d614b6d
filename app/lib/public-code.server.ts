import { randomInt } from 'node:crypto'

// No 0/o, 1/l/i: codes are typed by hand from posters now and then.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/** A short code for a touchpoint's QR URL (/q/:code). */
export function newPublicCode(length = 6): string {
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)]
  return out
}
