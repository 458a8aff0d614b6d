import { z } from 'zod'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashToken, newToken } from '#app/lib/tokens.server.ts'
import { findActiveApiKeyByHash, insertApiKey, listApiKeys, revokeApiKey, touchApiKey } from '#db/queries/api-keys.ts'
import { audit } from './audit.server.ts'

const KEY_PREFIX = 'hy_'
/** Characters of the key kept in clear so people can tell keys apart (hy_ + 6). */
const SHOWN_PREFIX_LENGTH = 9

export const apiKeyNameSchema = z.object({
  name: z.string().trim().min(1, 'common:errors.required').max(100, 'surveys:apiKeys.errors.nameTooLong'),
})

export const apiKeyRevokeSchema = z.object({ apiKeyId: z.uuid() })

type Actor = { organizationId: string; actorUserId: string }

/** A new key: the full key is returned once and only its hash is kept. */
export async function createApiKey(ctx: AppContext, actor: Actor, input: z.infer<typeof apiKeyNameSchema>) {
  const key = `${KEY_PREFIX}${newToken(32)}`
  return ctx.db.transaction(async (tx) => {
    const row = await insertApiKey(tx, { organizationId: actor.organizationId, name: input.name, keyPrefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash: hashToken(key), createdByUserId: actor.actorUserId })
    await audit(tx, { ...actor, action: 'api_keys.created', entityType: 'api_key', entityId: row.id, after: { name: row.name, keyPrefix: row.keyPrefix } })
    return { key, apiKey: { id: row.id, name: row.name, keyPrefix: row.keyPrefix } }
  })
}

export async function hospitalApiKeys(ctx: AppContext, organizationId: string) {
  return listApiKeys(ctx.db, { organizationId })
}

/** False when the key is another hospital's or revoked already. */
export async function revokeHospitalApiKey(ctx: AppContext, actor: Actor, apiKeyId: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await revokeApiKey(tx, { organizationId: actor.organizationId, apiKeyId, at: ctx.clock.now() })
    if (!row) return false
    await audit(tx, { ...actor, action: 'api_keys.revoked', entityType: 'api_key', entityId: row.id, before: { name: row.name, keyPrefix: row.keyPrefix }, after: { revokedAt: row.revokedAt } })
    return true
  })
}

/** The hospital a `Bearer` key belongs to, or null for a missing, unknown or revoked key (the caller cannot tell which). */
export async function authenticateApiKey(ctx: AppContext, authorization: string | null) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (!m || !m[1]!.startsWith(KEY_PREFIX)) return null
  const key = await findActiveApiKeyByHash(ctx.db, hashToken(m[1]!))
  if (!key) return null
  await touchApiKey(ctx.db, { organizationId: key.organizationId, apiKeyId: key.id, at: ctx.clock.now() })
  return { apiKeyId: key.id, organizationId: key.organizationId }
}
