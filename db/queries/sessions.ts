import { and, eq, gt, ne } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { sessions, users } from '../schema/index.ts'

export async function insertSession(db: Executor, values: { userId: string; expiresAt: Date }) {
  const [row] = await db.insert(sessions).values(values).returning()
  return row!
}

/** The signed-in user behind a session id, if the session is still valid at `now`. */
export async function findSessionUser(db: Executor, { sessionId, now }: { sessionId: string; now: Date }) {
  const [row] = await db
    .select({ sessionId: sessions.id, expiresAt: sessions.expiresAt, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)))
    .limit(1)
  return row
}

export async function deleteSession(db: Executor, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId))
}

/** Signs a user out everywhere else (after a password change). */
export async function deleteOtherSessions(db: Executor, { userId, keepSessionId }: { userId: string; keepSessionId: string }) {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)))
}
