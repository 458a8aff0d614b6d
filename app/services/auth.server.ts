import { z } from 'zod'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { SESSION_TTL_MS } from '#app/lib/cookies.server.ts'
import { burnPasswordCheck, hashPassword, verifyPassword } from '#app/lib/password.server.ts'
import { limiter } from '#app/lib/rate-limit.server.ts'
import { deleteOtherSessions, deleteSession, insertSession } from '#db/queries/sessions.ts'
import { findUserByEmail, findUserById, updateUser } from '#db/queries/users.ts'
import { audit } from './audit.server.ts'

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(256),
  redirectTo: z.string().optional(),
})

/** 5 failed attempts per account+IP and 30 per IP in 15 minutes. */
const FAILURES_PER_ACCOUNT = 5
const FAILURES_PER_IP = 30
const WINDOW_S = 15 * 60

export type SignInResult = { ok: true; sessionId: string; userId: string } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

export async function signIn(ctx: AppContext, input: { email: string; password: string; clientIp: string }): Promise<SignInResult> {
  const accountKey = `${input.email.toLowerCase()}|${input.clientIp}`
  const byAccount = limiter(ctx, 'signin-account', FAILURES_PER_ACCOUNT, WINDOW_S)
  const byIp = limiter(ctx, 'signin-ip', FAILURES_PER_IP, WINDOW_S)
  const blocked = (await byAccount.blockedFor(accountKey)) ?? (await byIp.blockedFor(input.clientIp))
  if (blocked) return { ok: false, reason: 'throttled', retryAfterSeconds: blocked }

  const user = await findUserByEmail(ctx.db, input.email)
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false)
  if (!user || !valid) {
    const wait = (await byAccount.consume(accountKey)) ?? (await byIp.consume(input.clientIp))
    ctx.logger.info('sign-in failed', { throttled: wait !== null })
    return { ok: false, reason: 'invalid' }
  }
  await byAccount.reset(accountKey)
  const session = await insertSession(ctx.db, { userId: user.id, expiresAt: new Date(ctx.clock.now().getTime() + SESSION_TTL_MS) })
  return { ok: true, sessionId: session.id, userId: user.id }
}

export async function signOut(ctx: AppContext, sessionId: string) {
  await deleteSession(ctx.db, sessionId)
}

/** Starts a session for a user who just proved who they are (accepted an invitation). */
export async function startSession(ctx: AppContext, userId: string) {
  const session = await insertSession(ctx.db, { userId, expiresAt: new Date(ctx.clock.now().getTime() + SESSION_TTL_MS) })
  return session.id
}

export const newPasswordSchema = z.string().min(10, 'tooShort').max(128, 'tooLong')

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1).max(256),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: 'mismatch', path: ['confirmPassword'] })

export type ChangePasswordResult = { ok: true } | { ok: false; reason: 'wrongCurrent' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

export async function changePassword(
  ctx: AppContext,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string },
): Promise<ChangePasswordResult> {
  // A stolen session must not become a way to guess the password.
  const attempts = limiter(ctx, 'password-change', FAILURES_PER_ACCOUNT, WINDOW_S)
  const blocked = await attempts.blockedFor(input.userId)
  if (blocked) return { ok: false, reason: 'throttled', retryAfterSeconds: blocked }
  const user = await findUserById(ctx.db, input.userId)
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await attempts.consume(input.userId)
    return { ok: false, reason: 'wrongCurrent' }
  }
  await attempts.reset(input.userId)
  const passwordHash = await hashPassword(input.newPassword)
  await ctx.db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash, passwordChangedAt: ctx.clock.now() })
    await deleteOtherSessions(tx, { userId: user.id, keepSessionId: input.sessionId })
    await audit(tx, { organizationId: null, actorUserId: user.id, action: 'user.password_changed', entityType: 'user', entityId: user.id })
  })
  return { ok: true }
}
