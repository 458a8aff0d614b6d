import { and, desc, eq, lt } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { auditEvents, users } from '../schema/index.ts'

export interface AuditEventInput {
  organizationId: string | null
  actorUserId: string | null
  action: string
  entityType: string
  entityId?: string | null
  before?: unknown
  after?: unknown
}

export async function insertAuditEvent(db: Executor, event: AuditEventInput) {
  await db.insert(auditEvents).values({
    organizationId: event.organizationId,
    actorUserId: event.actorUserId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
  })
}

export async function listAuditEvents(db: Executor, { organizationId, beforeId, limit = 50 }: { organizationId: string; beforeId?: number; limit?: number }) {
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      before: auditEvents.before,
      after: auditEvents.after,
      createdAt: auditEvents.createdAt,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.organizationId, organizationId), beforeId ? lt(auditEvents.id, beforeId) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(limit)
}
