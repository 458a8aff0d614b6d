import { TEXT_MAX } from '#app/domain/intake.ts'
import type { Locale } from '#app/domain/locales.ts'
import { normalizeE164 } from '#app/domain/phone.ts'
import { smsKeyword } from '#app/domain/sms-keywords.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import { findRecentCaseByPhone } from '#db/queries/cases.ts'
import type { Organization } from '#db/queries/organizations.ts'
import { findInboundSms, findOrganizationBySmsNumber, insertInboundSms, optIn, optOut, updateInboundSms } from '#db/queries/sms.ts'
import { insertTimelineEvent } from '#db/queries/submissions.ts'
import { renderSmsReply, type SmsReply } from '#emails/sms-replies.ts'
import { consumeIntakeLimit } from './intake-limits.server.ts'
import { issueTrackingLink, recordSubmissionIn } from './intake.server.ts'

/** Twilio's inbound message, as the webhook received it (signature already verified). */
export interface InboundSms {
  messageSid: string
  from: string
  to: string
  body: string
}

export type InboundOutcome = 'opt_out' | 'opt_in' | 'attached' | 'new_submission' | 'rate_limited' | 'ignored'

type Dispatch = () => Promise<unknown>
interface Handled {
  outcome: InboundOutcome
  submissionId?: string | null
  reply: string | null
  dispatches?: Dispatch[]
}

const DAY_MS = 86_400_000
const HAN = /\p{Script=Han}/u

/** Patients write in Chinese or English; the reply follows the message. */
const messageLocale = (body: string): Locale => (HAN.test(body) ? 'zh-CN' : 'en')

/**
 * The language of a keyword's confirmation: TD and 退订 are Chinese usage, STOP/UNSUBSCRIBE
 * English; START is what our Chinese opt-out reply tells people to send, so it follows the
 * hospital's default language.
 */
function keywordLocale(body: string, organization: Organization): Locale {
  const word = body.trim().toUpperCase()
  if (HAN.test(word) || word.startsWith('TD')) return 'zh-CN'
  if (word.startsWith('START')) return organization.defaultLocale
  return 'en'
}

/**
 * Handles one inbound SMS (DESIGN.md §2) and returns the reply text (null: reply nothing).
 * The MessageSid is claimed and the message processed in ONE transaction: a duplicate
 * delivered at the same time waits on the unique index, then reads the stored reply, so a
 * replayed message is answered the same way and stores nothing new.
 */
export async function handleInboundSms(ctx: AppContext, sms: InboundSms): Promise<string | null> {
  const to = normalizeE164(sms.to)
  const organization = to ? await findOrganizationBySmsNumber(ctx.db, to) : undefined
  if (!organization) {
    // The number is ours at Twilio but no hospital has it: a settings mistake worth seeing.
    ctx.logger.warn('inbound sms to a number no hospital uses', { messageSid: sms.messageSid })
    return null
  }
  const from = normalizeE164(sms.from)
  const limited = from ? await overLimit(ctx, organization, from, sms) : false
  const { reply, dispatches } = await ctx.db.transaction(async (tx) => {
    const claimed = await insertInboundSms(tx, {
      organizationId: organization.id,
      messageSid: sms.messageSid,
      fromPhone: from ?? sms.from,
      toPhone: to!,
      body: sms.body,
      outcome: 'ignored',
      receivedAt: ctx.clock.now(),
    })
    if (!claimed) {
      const stored = await findInboundSms(tx, sms.messageSid)
      return { reply: stored?.reply ?? null, dispatches: [] }
    }
    const handled: Handled = from ? await handle(ctx, tx, organization, from, sms.body, limited) : { outcome: 'ignored', reply: null }
    await updateInboundSms(tx, { id: claimed.id, outcome: handled.outcome, submissionId: handled.submissionId ?? null, reply: handled.reply })
    ctx.logger.info('inbound sms handled', { messageSid: sms.messageSid, organizationId: organization.id, outcome: handled.outcome })
    return { reply: handled.reply, dispatches: handled.dispatches ?? [] }
  })
  for (const dispatch of dispatches) await dispatch()
  return reply
}

/**
 * The per-phone abuse limit. Every text that would be stored counts, attached ones too, so a
 * number cannot flood an open case's timeline; keywords never count (STOP must always work),
 * nor does a replay already recorded. Checked before the transaction: the limiter has its own
 * connection, and waiting for one while holding another could starve the pool under a burst.
 */
async function overLimit(ctx: AppContext, organization: Organization, from: string, sms: InboundSms) {
  if (smsKeyword(sms.body) || !sms.body.trim()) return false
  if (await findInboundSms(ctx.db, sms.messageSid)) return false
  return (await consumeIntakeLimit(ctx, { organizationId: organization.id, limitPerHour: organization.intakeLimitPerHour, phone: from })) !== null
}

async function handle(ctx: AppContext, tx: Executor, organization: Organization, from: string, body: string, limited: boolean): Promise<Handled> {
  const organizationId = organization.id
  const now = ctx.clock.now()
  const answer = (locale: Locale, reply: SmsReply) => renderSmsReply(organization, locale, reply)

  const keyword = smsKeyword(body)
  if (keyword === 'opt_out') {
    await optOut(tx, { organizationId, phone: from, at: now })
    return { outcome: 'opt_out', reply: answer(keywordLocale(body, organization), { type: 'optedOut' }) }
  }
  if (keyword === 'opt_in') {
    await optIn(tx, { organizationId, phone: from })
    return { outcome: 'opt_in', reply: answer(keywordLocale(body, organization), { type: 'optedIn' }) }
  }

  const text = body.trim()
  if (!text) return { outcome: 'ignored', reply: answer(organization.defaultLocale, { type: 'noText' }) }
  const locale = messageLocale(text)

  if (limited) return { outcome: 'rate_limited', reply: answer(locale, { type: 'tooMany' }) }

  const recent = await findRecentCaseByPhone(tx, { organizationId, phone: from, since: new Date(now.getTime() - organization.smsAttachWindowDays * DAY_MS) })
  if (recent) {
    await insertTimelineEvent(tx, {
      organizationId,
      submissionId: recent.submission.id,
      caseId: recent.case.id,
      type: 'patient_added_info',
      visibleToPatient: true,
      body: text,
      channel: 'sms',
      createdAt: now,
    })
    const link = await issueTrackingLink(ctx, tx, { organizationId, submissionId: recent.submission.id })
    return { outcome: 'attached', submissionId: recent.submission.id, reply: answer(locale, { type: 'attached', number: recent.case.number, trackingUrl: link.url }) }
  }

  const { result, dispatches } = await recordSubmissionIn(ctx, tx, {
    organizationId,
    kind: 'complaint',
    channel: 'sms',
    text: text.slice(0, TEXT_MAX),
    contactPhone: from,
    consentToContact: true,
    locale,
    // The TwiML reply is the receipt.
    skipReceiptSms: true,
  })
  // Only a hospital without a patient-service department gets here: ours to fix, not the patient's.
  if (!result.ok) throw new Error(`sms submission could not be recorded: ${result.error}`)
  const { receipt } = result
  return {
    outcome: 'new_submission',
    submissionId: receipt.submissionId,
    reply: answer(locale, { type: 'received', number: receipt.number!, answerDueAt: receipt.answerDueAt, trackingUrl: receipt.trackingUrl! }),
    dispatches,
  }
}
