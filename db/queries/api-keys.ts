import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { apiKeys } from '../schema/index.ts'

export type ApiKey = typeof apiKeys.$inferSelect
type Tenant = { organizationId: string }

export async function insertApiKey(db: Executor, { organizationId, ...values }: Tenant & Pick<typeof apiKeys.$inferInsert, 'name' | 'keyPrefix' | 'keyHash' | 'createdByUserId'>) {
  const [row] = await db
    .insert(apiKeys)
    .values({ organizationId, ...values })
    .returning()
  return row!
}

export async function listApiKeys(db: Executor, { organizationId }: Tenant) {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, keyPrefix: apiKeys.keyPrefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.organizationId, organizationId))
    .orderBy(desc(apiKeys.createdAt))
}

/** Undefined when the key is another hospital's or already revoked. */
export async function revokeApiKey(db: Executor, { organizationId, apiKeyId, at }: Tenant & { apiKeyId: string; at: Date }) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.organizationId, organizationId), eq(apiKeys.id, apiKeyId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name, keyPrefix: apiKeys.keyPrefix, revokedAt: apiKeys.revokedAt })
  return row
}

/** The key's hospital comes from the key itself (the caller has no session): the one lookup without a tenant. */
export async function findActiveApiKeyByHash(db: Executor, keyHash: string) {
  const [row] = await db
    .select({ id: apiKeys.id, organizationId: apiKeys.organizationId, name: apiKeys.name })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1)
  return row
}

export async function touchApiKey(db: Executor, { organizationId, apiKeyId, at }: Tenant & { apiKeyId: string; at: Date }) {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.organizationId, organizationId), eq(apiKeys.id, apiKeyId)))
}
