import { insertAuditEvent, type AuditEventInput } from '#db/queries/audit.ts'
import type { Executor } from '#db/executor.ts'

/** Fields never copied into audit before/after snapshots. */
const SECRET_FIELDS = new Set(['passwordHash', 'tokenHash'])

function redact(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? null
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(redact)
  return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_FIELDS.has(k)).map(([k, v]) => [k, redact(v)]))
}

/** Writes an audit event in the caller's transaction, so the change and its record commit together. */
export async function audit(db: Executor, event: AuditEventInput) {
  await insertAuditEvent(db, { ...event, before: redact(event.before), after: redact(event.after) })
}
