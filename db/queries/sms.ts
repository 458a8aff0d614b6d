import { and, eq, inArray } from 'drizzle-orm'
import type { Executor } from '../executor.ts'
import { inboundSms, organizations, outboundMessages, smsOptOuts } from '../schema/index.ts'

type Tenant = { organizationId: string }

/** The hospital whose Twilio number received a message; Twilio's `To` is the only hint. */
export async function findOrganizationBySmsNumber(db: Executor, smsNumber: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.smsNumber, smsNumber)).limit(1)
  return row
}

export async function findInboundSms(db: Executor, messageSid: string) {
  const [row] = await db.select().from(inboundSms).where(eq(inboundSms.messageSid, messageSid)).limit(1)
  return row
}

/** Records an inbound message once; undefined when that MessageSid was already recorded. */
export async function insertInboundSms(db: Executor, values: Tenant & Omit<typeof inboundSms.$inferInsert, 'organizationId' | 'id'>) {
  const [row] = await db.insert(inboundSms).values(values).onConflictDoNothing({ target: inboundSms.messageSid }).returning()
  return row
}

export async function updateInboundSms(db: Executor, { id, ...values }: { id: string } & Partial<Pick<typeof inboundSms.$inferInsert, 'outcome' | 'submissionId' | 'reply'>>) {
  await db.update(inboundSms).set(values).where(eq(inboundSms.id, id))
}

export async function optOut(db: Executor, { organizationId, phone, at }: Tenant & { phone: string; at: Date }) {
  await db.insert(smsOptOuts).values({ organizationId, phone, optedOutAt: at }).onConflictDoNothing()
}

export async function optIn(db: Executor, { organizationId, phone }: Tenant & { phone: string }) {
  await db.delete(smsOptOuts).where(and(eq(smsOptOuts.organizationId, organizationId), eq(smsOptOuts.phone, phone)))
}

export async function isOptedOut(db: Executor, { organizationId, phone }: Tenant & { phone: string }) {
  const rows = await db
    .select({ phone: smsOptOuts.phone })
    .from(smsOptOuts)
    .where(and(eq(smsOptOuts.organizationId, organizationId), eq(smsOptOuts.phone, phone)))
    .limit(1)
  return rows.length > 0
}

/**
 * What each callback status may replace: callbacks arrive out of order, so a late `sent`
 * never undoes `delivered` or `failed`, and `failed` never undoes `delivered`.
 */
const REPLACEABLE = {
  sent: ['sent'],
  delivered: ['sent', 'failed'],
  failed: ['sent'],
} as const satisfies Record<'sent' | 'delivered' | 'failed', readonly (typeof outboundMessages.$inferSelect.status)[]>

/** Delivery status from Twilio's status callback, by its MessageSid; returns how many rows changed. */
export async function updateDeliveryStatusByProviderId(db: Executor, { providerMessageId, status, error }: { providerMessageId: string; status: 'sent' | 'delivered' | 'failed'; error?: string | null }) {
  const rows = await db
    .update(outboundMessages)
    .set({ status, ...(error ? { lastError: error } : {}) })
    .where(
      and(
        eq(outboundMessages.providerMessageId, providerMessageId),
        eq(outboundMessages.transport, 'twilio'),
        inArray(outboundMessages.status, [...REPLACEABLE[status]]),
      ),
    )
    .returning({ id: outboundMessages.id })
  return rows.length
}
