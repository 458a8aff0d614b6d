import { index, pgEnum, pgTable, text, timestamp, uuid, integer } from 'drizzle-orm/pg-core'
import { organizations } from './tenancy.ts'

export const messageChannelEnum = pgEnum('message_channel', ['email', 'sms'])
export const messageStatusEnum = pgEnum('message_status', ['queued', 'sent', 'delivered', 'failed', 'suppressed'])

/**
 * Every outgoing email and SMS. Services insert a row and enqueue its id; a worker
 * delivers it once (SMTP/Twilio, or the local outbox when those are not configured).
 */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid().references(() => organizations.id, { onDelete: 'cascade' }),
    channel: messageChannelEnum().notNull(),
    recipient: text().notNull(),
    subject: text(),
    text: text().notNull(),
    html: text(),
    /** What kind of message (template name), for the Outbox page and audits. */
    template: text().notNull(),
    status: messageStatusEnum().notNull().default('queued'),
    /** Which transport delivered it: smtp, twilio or outbox. */
    transport: text(),
    providerMessageId: text(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('outbound_messages_org_created_idx').on(t.organizationId, t.createdAt),
    index('outbound_messages_provider_id_idx').on(t.providerMessageId),
  ],
)
