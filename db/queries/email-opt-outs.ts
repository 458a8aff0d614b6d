import { and, eq } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { emailOptOuts } from '../schema/index.ts'

type Tenant = { organizationId: string }

const normalized = (email: string) => email.trim().toLowerCase()

/** Records an unsubscribe once; a second click changes nothing. */
export async function optOutEmail(db: Executor, { organizationId, email, at }: Tenant & { email: string; at: Date }) {
  await db.insert(emailOptOuts).values({ organizationId, email: normalized(email), optedOutAt: at }).onConflictDoNothing()
}

export async function isEmailOptedOut(db: Executor, { organizationId, email }: Tenant & { email: string }) {
  const rows = await db
    .select({ email: emailOptOuts.email })
    .from(emailOptOuts)
    .where(and(eq(emailOptOuts.organizationId, organizationId), eq(emailOptOuts.email, normalized(email))))
    .limit(1)
  return rows.length > 0
}
