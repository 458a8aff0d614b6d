import { sql } from 'drizzle-orm'
import type { Locale } from '#app/domain/locales.ts'
import type { ChannelPreference } from '#app/domain/survey-campaign-settings.ts'
import type { CampaignStatus, InvitationStatus } from '#app/domain/survey-invitation.ts'
import type { Executor } from '../executor.ts'

/**
 * The survey outbox's work queries (DESIGN.md §4). System sweeps run across hospitals and
 * return ids only; the send side leases rows by id, and every change writes its history row
 * in the same statement.
 */

type Row = Record<string, unknown>
const rows = <T>(result: unknown) => result as unknown as T[]
/** Raw statements get instants as ISO text: postgres.js binds no Date outside drizzle's typed columns. */
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`

export interface DueWork {
  id: string
  /** The channel the send job will most likely use (rate-limited queues are per channel). */
  plannedChannel: 'sms' | 'email'
}

/** Still to be reminded: sent and not yet answered, finished or expired. */
const REMINDABLE = sql`('sent', 'delivered', 'opened')`

/**
 * Due invitations of running campaigns not handed to the queue recently: marks them queued
 * now and returns them. Rows locked by a send in progress are skipped, not waited for.
 */
export async function claimDueInvitations(db: Executor, { now, staleBefore, limit }: { now: Date; staleBefore: Date; limit: number }): Promise<DueWork[]> {
  const result = await db.execute(sql`
    update survey_invitations i set queued_at = ${ts(now)}
    from (
      select i2.id, c.channel_preference from survey_invitations i2
      join survey_campaigns c on c.id = i2.campaign_id
      where i2.status = 'scheduled' and i2.send_at <= ${ts(now)} and c.status = 'running'
        and (i2.queued_at is null or i2.queued_at < ${ts(staleBefore)})
        and (i2.sending_until is null or i2.sending_until < ${ts(now)})
      order by i2.send_at
      limit ${limit}
      for update of i2 skip locked
    ) due
    where i.id = due.id
    returning i.id, case when due.channel_preference = 'email' or (due.channel_preference = 'sms_then_email' and i.phone is null) then 'email' else 'sms' end as "plannedChannel"`)
  return rows<DueWork>(result)
}

/** Sent invitations whose reminder is due, of running campaigns, not handed over recently. */
export async function claimDueReminders(db: Executor, { now, staleBefore, limit }: { now: Date; staleBefore: Date; limit: number }): Promise<DueWork[]> {
  const result = await db.execute(sql`
    update survey_invitations i set queued_at = ${ts(now)}
    from (
      select i2.id from survey_invitations i2
      join survey_campaigns c on c.id = i2.campaign_id
      where i2.reminder_at <= ${ts(now)} and i2.reminder_sent_at is null and i2.status in ${REMINDABLE}
        and c.status = 'running' and i2.expires_at > ${ts(now)}
        and (i2.queued_at is null or i2.queued_at < ${ts(staleBefore)})
        and (i2.sending_until is null or i2.sending_until < ${ts(now)})
      order by i2.reminder_at
      limit ${limit}
      for update of i2 skip locked
    ) due
    where i.id = due.id
    returning i.id, coalesce(i.channel::text, 'sms') as "plannedChannel"`)
  return rows<DueWork>(result)
}

/**
 * Ends invitations whose link has run out, and the unsent ones of stopped campaigns (a stop
 * drops what was not sent). Returns how many were ended.
 */
export async function expireInvitations(db: Executor, { now, limit }: { now: Date; limit: number }): Promise<number> {
  const result = await db.execute(sql`
    with ended as (
      update survey_invitations i set status = 'expired', queued_at = null, updated_at = ${ts(now)}
      from (
        select i2.id, (c.status = 'stopped' and i2.expires_at > ${ts(now)}) as stopped from survey_invitations i2
        join survey_campaigns c on c.id = i2.campaign_id
        where (i2.expires_at <= ${ts(now)} and i2.status in ('scheduled', 'sent', 'delivered', 'opened'))
           or (c.status = 'stopped' and i2.status = 'scheduled')
        limit ${limit}
        for update of i2 skip locked
      ) due
      where i.id = due.id and (i.sending_until is null or i.sending_until < ${ts(now)})
      returning i.id, i.organization_id, due.stopped
    )
    insert into survey_invitation_history (organization_id, invitation_id, status, at, detail)
    select organization_id, id, 'expired', ${ts(now)}, case when stopped then '{"reason":"campaign_stopped"}'::jsonb else null end from ended
    returning id`)
  return rows<Row>(result).length
}

/** What a send needs of one invitation, its campaign and its hospital. */
export interface LeasedInvitation {
  id: string
  organizationId: string
  status: InvitationStatus
  channel: 'sms' | 'email' | null
  recipientName: string | null
  phone: string | null
  email: string | null
  locale: Locale
  sendAt: Date
  reminderAt: Date | null
  reminderSentAt: Date | null
  expiresAt: Date
  attempts: number
  campaignStatus: CampaignStatus
  channelPreference: ChannelPreference
  allowedFrom: string
  allowedUntil: string
  reminderAfterMinutes: number | null
  expiryMinutes: number
  hospitalName: string
  hospitalNameEn: string | null
  timeZone: string
  /** The SMS number has replied TD / the address used an unsubscribe link. */
  phoneOptedOut: boolean
  emailOptedOut: boolean
}

/**
 * Leases the batch's rows that still need this kind of send and are not leased by another job
 * (or whose lease ran out): one statement for the whole batch. The lease is `until`.
 */
export async function leaseInvitations(
  db: Executor,
  { invitationIds, kind, now, until }: { invitationIds: readonly string[]; kind: 'invitation' | 'reminder'; now: Date; until: Date },
): Promise<LeasedInvitation[]> {
  const needs = kind === 'invitation' ? sql`i.status = 'scheduled'` : sql`i.status in ${REMINDABLE} and i.reminder_sent_at is null and i.reminder_at is not null`
  const ids = sql`${`{${invitationIds.join(',')}}`}::uuid[]`
  const result = await db.execute(sql`
    update survey_invitations i set sending_until = ${ts(until)}
    from survey_campaigns c, organizations o
    where i.id = any(${ids}) and c.id = i.campaign_id and o.id = i.organization_id
      and ${needs} and (i.sending_until is null or i.sending_until < ${ts(now)})
    returning i.id, i.organization_id as "organizationId", i.status, i.channel, i.recipient_name as "recipientName", i.phone, i.email, i.locale,
      i.send_at as "sendAt", i.reminder_at as "reminderAt", i.reminder_sent_at as "reminderSentAt", i.expires_at as "expiresAt", i.attempts,
      c.status as "campaignStatus", c.channel_preference as "channelPreference", c.allowed_from as "allowedFrom", c.allowed_until as "allowedUntil",
      c.reminder_after_minutes as "reminderAfterMinutes", c.expiry_minutes as "expiryMinutes",
      o.name as "hospitalName", o.name_en as "hospitalNameEn", o.time_zone as "timeZone",
      (i.phone is not null and exists (select 1 from sms_opt_outs s where s.organization_id = i.organization_id and s.phone = i.phone)) as "phoneOptedOut",
      (i.email is not null and exists (select 1 from email_opt_outs e where e.organization_id = i.organization_id and e.email = lower(trim(i.email)))) as "emailOptedOut"`)
  return rows<Row>(result).map((r) => ({
    ...(r as unknown as LeasedInvitation),
    sendAt: new Date(r.sendAt as string),
    reminderAt: r.reminderAt ? new Date(r.reminderAt as string) : null,
    reminderSentAt: r.reminderSentAt ? new Date(r.reminderSentAt as string) : null,
    expiresAt: new Date(r.expiresAt as string),
  }))
}

type Lease = { invitationId: string; until: Date }

/**
 * Records a change under this job's lease (nothing happens if the lease was lost) with its
 * history row, in one statement. Returns whether the row changed.
 */
async function settle(db: Executor, { invitationId, until }: Lease, set: ReturnType<typeof sql>, history: { status: InvitationStatus | null; at: Date; detail: unknown }) {
  const result = await db.execute(sql`
    with changed as (
      update survey_invitations set ${set}, sending_until = null, queued_at = null, updated_at = ${ts(history.at)}
      where id = ${invitationId} and sending_until = ${ts(until)}
      returning id, organization_id, status
    )
    insert into survey_invitation_history (organization_id, invitation_id, status, at, detail)
    select organization_id, id, ${history.status ? sql`${history.status}::invitation_status` : sql`status`}, ${ts(history.at)}, ${JSON.stringify(history.detail)}::jsonb from changed
    returning id`)
  return rows<Row>(result).length > 0
}

export function recordInvitationSent(
  db: Executor,
  lease: Lease,
  v: { channel: 'sms' | 'email'; sentAt: Date; providerMessageId: string | null; reminderAt: Date | null; expiresAt: Date },
) {
  return settle(
    db,
    lease,
    sql`status = 'sent', channel = ${v.channel}, sent_at = ${ts(v.sentAt)}, provider_message_id = ${v.providerMessageId}, reminder_at = ${v.reminderAt ? ts(v.reminderAt) : null}, expires_at = ${ts(v.expiresAt)}, attempts = attempts + 1, last_error = null`,
    { status: 'sent', at: v.sentAt, detail: { channel: v.channel } },
  )
}

export function recordReminderSent(db: Executor, lease: Lease, v: { channel: 'sms' | 'email'; sentAt: Date; providerMessageId: string | null }) {
  return settle(db, lease, sql`reminder_sent_at = ${ts(v.sentAt)}, provider_message_id = coalesce(${v.providerMessageId}, provider_message_id), last_error = null`, {
    status: null,
    at: v.sentAt,
    detail: { event: 'reminder_sent', channel: v.channel },
  })
}

/** No channel can reach the person: `failed` (no contact) or `opted_out`. */
export function recordUnreachable(db: Executor, lease: Lease, v: { status: 'failed' | 'opted_out'; reason: string; at: Date }) {
  return settle(db, lease, sql`status = ${v.status}, last_error = ${v.reason}`, { status: v.status, at: v.at, detail: { reason: v.reason } })
}

/** The reminder cannot go (opted out since, or no longer reachable): it is dropped, the link stays open. */
export function recordReminderSkipped(db: Executor, lease: Lease, v: { reason: string; at: Date }) {
  return settle(db, lease, sql`reminder_at = null`, { status: null, at: v.at, detail: { event: 'reminder_skipped', reason: v.reason } })
}

/** Outside the allowed hours by the time the job ran (a backlog, a paused queue): moved to the next allowed instant. */
export function recordPostponed(db: Executor, lease: Lease, v: { kind: 'invitation' | 'reminder'; to: Date; at: Date }) {
  const set = v.kind === 'invitation' ? sql`send_at = ${ts(v.to)}` : sql`reminder_at = ${ts(v.to)}`
  return settle(db, lease, set, { status: null, at: v.at, detail: { event: 'postponed', kind: v.kind, to: v.to.toISOString() } })
}

/** Gives the row back untouched (its campaign is paused, or it expired meanwhile and the sweep will end it). */
export async function releaseLease(db: Executor, { invitationId, until }: Lease) {
  await db.execute(sql`update survey_invitations set sending_until = null, queued_at = null where id = ${invitationId} and sending_until = ${ts(until)}`)
}

/**
 * A send attempt failed. The row is released for the job's retry; on the last attempt (or a
 * permanent refusal) an invitation becomes `failed` with the reason, and a reminder is dropped.
 */
export async function recordSendFailed(db: Executor, lease: Lease, v: { kind: 'invitation' | 'reminder'; error: string; final: boolean; at: Date }) {
  if (!v.final) {
    await db.execute(sql`update survey_invitations set sending_until = null, attempts = attempts + 1, last_error = ${v.error}, updated_at = ${ts(v.at)} where id = ${lease.invitationId} and sending_until = ${ts(lease.until)}`)
    return
  }
  if (v.kind === 'invitation') {
    await settle(db, lease, sql`status = 'failed', attempts = attempts + 1, last_error = ${v.error}`, { status: 'failed', at: v.at, detail: { reason: v.error } })
  } else {
    await settle(db, lease, sql`reminder_at = null, last_error = ${v.error}`, { status: null, at: v.at, detail: { event: 'reminder_failed', reason: v.error } })
  }
}

/**
 * Delivery status from a provider callback (Twilio's status callback), by the provider's id.
 * Forward only: `delivered` moves `sent`/`failed`; `failed` moves only `sent`.
 */
export async function recordInvitationDelivery(db: Executor, { providerMessageId, status, error, at }: { providerMessageId: string; status: 'delivered' | 'failed'; error: string | null; at: Date }) {
  const from = status === 'delivered' ? sql`('sent', 'failed')` : sql`('sent')`
  const stamp = status === 'delivered' ? sql`delivered_at = ${ts(at)}, last_error = null` : sql`last_error = ${error}`
  const result = await db.execute(sql`
    with changed as (
      update survey_invitations set status = ${status}::invitation_status, ${stamp}, updated_at = ${ts(at)}
      where provider_message_id = ${providerMessageId} and status in ${from}
      returning id, organization_id
    )
    insert into survey_invitation_history (organization_id, invitation_id, status, at, detail)
    select organization_id, id, ${status}::invitation_status, ${ts(at)}, ${JSON.stringify(error ? { reason: error } : { source: 'provider' })}::jsonb from changed
    returning id`)
  return rows<Row>(result).length
}
