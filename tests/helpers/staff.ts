import { and, desc, eq } from 'drizzle-orm'
import { expect } from 'vitest'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { auditEvents, outboundMessages } from '#db/schema/index.ts'
import type { AppClient } from './app-client.ts'
import type { TestHospital } from './factories.ts'

let counter = 0
/** An email address no other test uses. */
export function newEmail(prefix = 'invitee') {
  return `${prefix}.${Date.now().toString(36)}${(counter++).toString(36)}@test.huiyin.local`
}

/** Fills in and sends the invite form on the staff page as the signed-in admin; expects success. */
export async function inviteThroughPage(client: AppClient, h: TestHospital, input: { email: string; name: string; role: string; departmentIds?: string[] }) {
  const url = `/app/${h.organization.slug}/admin/staff`
  await client.get(url)
  const res = await client.post(url, { intent: 'invite', email: input.email, name: input.name, role: input.role, departmentIds: input.departmentIds ?? [] })
  expect(res.status, res.text.slice(0, 2000)).toBe(302)
  return res
}

/** The latest invitation email queued for this address. */
export async function invitationEmailTo(ctx: AppContext, email: string) {
  const [message] = await ctx.db
    .select()
    .from(outboundMessages)
    .where(and(eq(outboundMessages.recipient, email), eq(outboundMessages.template, 'staff-invitation')))
    .orderBy(desc(outboundMessages.createdAt))
    .limit(1)
  return message
}

/** The path of the invitation link in the latest invitation email to this address (`/invite/<token>`). */
export async function invitationPathFor(ctx: AppContext, email: string) {
  const message = await invitationEmailTo(ctx, email)
  const match = message?.text.match(/\/invite\/[\w-]+/)
  if (!match) throw new Error(`no invitation link emailed to ${email}`)
  return match[0]
}

export async function auditEventsFor(ctx: AppContext, h: TestHospital, entityId: string) {
  return ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.organizationId, h.organization.id), eq(auditEvents.entityId, entityId)))
    .orderBy(auditEvents.id)
}
