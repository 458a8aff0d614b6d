import { createHash, randomBytes } from 'node:crypto'

/** An unguessable URL-safe token (256 bits). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** Tokens are stored hashed so a database leak does not leak working links. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
