import type { Locale } from '#app/domain/locales.ts'
import { chooseChannel, invitationTimes, isWithinWindow, nextAllowedInstant, type SurveyChannel } from '#app/domain/survey-schedule.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import {
  leaseInvitations,
  recordInvitationSent,
  recordPostponed,
  recordReminderSent,
  recordReminderSkipped,
  recordSendFailed,
  recordUnreachable,
  releaseLease,
  type LeasedInvitation,
} from '#db/queries/survey-dispatch.ts'
import { renderSurveyInvitationEmail, renderSurveyInvitationSms } from '#emails/survey-invitation.ts'
import { isPermanentError } from '#workers/job-failure.ts'
import type { EmailTransport, SendResult, SmsTransport } from '#workers/transports/types.ts'
import { surveyToken } from './survey-invitations.server.ts'

/**
 * Sends one batch of survey invitations or reminders (DESIGN.md §4). Each row is leased by
 * this job for the batch, and everything about it is checked again at send time: the
 * campaign still running, the link not expired, the allowed hours, opt-outs. A retried or
 * duplicated job finds the rows already sent (or leased) and sends nothing twice.
 *
 * What remains is the moment between the provider accepting a message and the row being
 * marked sent: a worker killed exactly there sends that one message again. Emails carry a
 * stable Message-ID for that case.
 */

/** Longer than any one send may take (transport timeouts are 15 s) times the sends queued before it. */
const LEASE_MS = 5 * 60_000
/** Sends in flight per batch: enough to hide the provider's latency, few enough for the DB pool. */
const PARALLEL_SENDS = 4

export interface SurveyTransports {
  email: EmailTransport
  sms: SmsTransport
}

export interface BatchOutcome {
  sent: number
  /** Sent nothing and never will (opted out, no contact, a permanent refusal, a skipped reminder). */
  ended: number
  /** Left for later: paused campaign, outside the allowed hours, expired, leased elsewhere. */
  deferred: number
  /** Transient errors; the job is retried for these. */
  retrying: number
}

export class SurveySendRetry extends Error {
  constructor(count: number, total: number, firstError: string) {
    super(`${count} of ${total} survey sends failed and will be retried: ${firstError}`)
    this.name = 'SurveySendRetry'
  }
}

export async function sendSurveyBatch(
  ctx: AppContext,
  transports: SurveyTransports,
  batch: { kind: 'invitation' | 'reminder'; invitationIds: readonly string[] },
  options: { finalAttempt: boolean },
): Promise<BatchOutcome> {
  const now = ctx.clock.now()
  const until = new Date(now.getTime() + LEASE_MS)
  const leased = await leaseInvitations(ctx.db, { invitationIds: batch.invitationIds, kind: batch.kind, now, until })
  const outcome: BatchOutcome = { sent: 0, ended: 0, deferred: batch.invitationIds.length - leased.length, retrying: 0 }
  let firstError: string | null = null
  await forEachInParallel(leased, PARALLEL_SENDS, async (row) => {
    const result = await sendOne(ctx, transports, row, { kind: batch.kind, until, finalAttempt: options.finalAttempt })
    if (result.kind === 'retrying') firstError ??= result.error
    outcome[result.kind]++
  })
  if (outcome.retrying > 0) throw new SurveySendRetry(outcome.retrying, leased.length, firstError ?? '')
  return outcome
}

type RowResult = { kind: 'sent' | 'ended' | 'deferred' } | { kind: 'retrying'; error: string }

async function sendOne(
  ctx: AppContext,
  transports: SurveyTransports,
  row: LeasedInvitation,
  { kind, until, finalAttempt }: { kind: 'invitation' | 'reminder'; until: Date; finalAttempt: boolean },
): Promise<RowResult> {
  const db = ctx.db
  const lease = { invitationId: row.id, until }
  const now = ctx.clock.now()
  // Paused: held as it is. Stopped or expired: the sweep ends it.
  if (row.campaignStatus !== 'running' || now.getTime() >= row.expiresAt.getTime()) {
    await releaseLease(db, lease)
    return { kind: 'deferred' }
  }
  const window = { from: row.allowedFrom, until: row.allowedUntil }
  if (!isWithinWindow(now, window, row.timeZone)) {
    await recordPostponed(db, lease, { kind, to: nextAllowedInstant(now, window, row.timeZone), at: now })
    return { kind: 'deferred' }
  }
  const reach = { phone: row.phone !== null, email: row.email !== null, phoneOptedOut: row.phoneOptedOut, emailOptedOut: row.emailOptedOut }
  let channel: SurveyChannel
  if (kind === 'reminder' && row.channel) {
    // The reminder goes the way the invitation went, unless that way is closed now.
    const optedOut = row.channel === 'sms' ? row.phoneOptedOut : row.emailOptedOut
    if (optedOut) {
      await recordReminderSkipped(db, lease, { reason: 'opted_out', at: now })
      return { kind: 'ended' }
    }
    channel = row.channel
  } else {
    const choice = chooseChannel(row.channelPreference, reach)
    if (choice.channel === null) {
      if (kind === 'invitation') await recordUnreachable(db, lease, { status: choice.reason === 'opted_out' ? 'opted_out' : 'failed', reason: choice.reason, at: now })
      else await recordReminderSkipped(db, lease, { reason: choice.reason, at: now })
      return { kind: 'ended' }
    }
    channel = choice.channel
  }

  // The invitation's reminder and expiry count from when it actually went out.
  const times =
    kind === 'invitation'
      ? invitationTimes({
          eventAt: now,
          settings: { delayMinutes: 0, allowedFrom: row.allowedFrom, allowedUntil: row.allowedUntil, reminderAfterMinutes: row.reminderAfterMinutes, expiryMinutes: row.expiryMinutes },
          timeZone: row.timeZone,
          now,
        })
      : { reminderAt: row.reminderAt, expiresAt: row.expiresAt }

  let result: SendResult
  try {
    result = await deliver(ctx, transports, row, { kind, channel, expiresAt: times.expiresAt })
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500)
    const permanent = isPermanentError(error)
    await recordSendFailed(db, lease, { kind, error: message, final: permanent || finalAttempt, at: ctx.clock.now() })
    return permanent || finalAttempt ? { kind: 'ended' } : { kind: 'retrying', error: message }
  }
  const sentAt = ctx.clock.now()
  if (kind === 'invitation') await recordInvitationSent(db, lease, { channel, sentAt, providerMessageId: result.providerMessageId, reminderAt: times.reminderAt, expiresAt: times.expiresAt })
  else await recordReminderSent(db, lease, { channel, sentAt, providerMessageId: result.providerMessageId })
  return { kind: 'sent' }
}

function deliver(
  ctx: AppContext,
  transports: SurveyTransports,
  row: LeasedInvitation,
  { kind, channel, expiresAt }: { kind: 'invitation' | 'reminder'; channel: SurveyChannel; expiresAt: Date },
): Promise<SendResult> {
  const token = surveyToken(ctx, row.id)
  const surveyUrl = `${ctx.config.publicUrl}/s/${token}`
  const input = {
    locale: row.locale,
    kind,
    hospitalName: row.locale === 'en' && row.hospitalNameEn ? row.hospitalNameEn : row.hospitalName,
    recipientName: row.recipientName,
    surveyUrl,
    expiresOn: dateFormat(row.locale, row.timeZone).format(expiresAt),
  }
  // One id per invitation and kind: the SMTP Message-ID and outbox file stay the same on a repeat.
  const id = `survey-${row.id}-${kind}`
  if (channel === 'sms') return transports.sms.send({ id, to: row.phone!, body: renderSurveyInvitationSms(input) })
  const unsubscribeUrl = `${surveyUrl}/unsubscribe`
  const email = renderSurveyInvitationEmail({ ...input, unsubscribeUrl })
  return transports.email.send({
    id,
    to: row.email!,
    ...email,
    // RFC 8058 one-click unsubscribe: mail clients POST to the link.
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  })
}

const formats = new Map<string, Intl.DateTimeFormat>()
/** Formatters are costly to build and a batch uses a handful. */
function dateFormat(locale: Locale, timeZone: string) {
  const key = `${locale}|${timeZone}`
  let format = formats.get(key)
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })))
  return format
}

async function forEachInParallel<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0
  const lane = async () => {
    while (next < items.length) await run(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
}
