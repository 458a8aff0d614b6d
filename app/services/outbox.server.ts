import path from 'node:path'
import { z } from 'zod'
import { isUuid } from '#app/domain/form-fields.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { findOutboundMessage } from '#db/queries/messages.ts'
import { listOutboxPage } from '#db/queries/outbox.ts'

export const OUTBOX_PAGE_SIZE = 50

/** Templates with a translated name on the Outbox page; others show their raw name. */
export const KNOWN_TEMPLATES = ['staff-invitation', 'receipt', 'case_answer', 'case_declined', 'sla_warn', 'sla_due', 'sla_overdue', 'survey_alert'] as const
export type KnownTemplate = (typeof KNOWN_TEMPLATES)[number]

function knownTemplate(template: string): KnownTemplate | null {
  return (KNOWN_TEMPLATES as readonly string[]).includes(template) ? (template as KnownTemplate) : null
}

/** ?before= is the id of the last message on the previous page; anything else means the first page. */
export const outboxQuerySchema = z.object({
  before: z.string().uuid().optional().catch(undefined),
})

/** Where messages go: the real service when configured, else only this page and the outbox folder. */
export function outboxTransports(ctx: AppContext) {
  return {
    email: ctx.config.mail.kind,
    sms: ctx.config.sms.kind,
    folder: `${path.join(ctx.config.dataDir, 'outbox')}/`,
  }
}

function firstLine(text: string) {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? ''
  return line.length > 80 ? `${line.slice(0, 79)}…` : line
}

export async function listOutbox(ctx: AppContext, { organizationId, before }: { organizationId: string; before?: string | undefined }) {
  const rows = await listOutboxPage(ctx.db, { organizationId, ...(before ? { beforeMessageId: before } : {}), limit: OUTBOX_PAGE_SIZE + 1 })
  const page = rows.slice(0, OUTBOX_PAGE_SIZE)
  return {
    messages: page.map((m) => ({
      id: m.id,
      createdAt: m.createdAt.toISOString(),
      channel: m.channel,
      recipient: m.recipient,
      summary: m.subject?.trim() ? m.subject : firstLine(m.textStart),
      template: m.template,
      knownTemplate: knownTemplate(m.template),
      status: m.status,
      transport: m.transport,
    })),
    nextBefore: rows.length > OUTBOX_PAGE_SIZE ? (page.at(-1)?.id ?? null) : null,
  }
}

export async function getOutboxMessage(ctx: AppContext, { organizationId, messageId }: { organizationId: string; messageId: string }) {
  if (!isUuid(messageId)) return undefined
  const m = await findOutboundMessage(ctx.db, { organizationId, messageId })
  if (!m) return undefined
  return {
    id: m.id,
    channel: m.channel,
    recipient: m.recipient,
    subject: m.subject,
    text: m.text,
    html: m.html,
    template: m.template,
    knownTemplate: knownTemplate(m.template),
    status: m.status,
    transport: m.transport,
    attempts: m.attempts,
    lastError: m.lastError,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
  }
}
