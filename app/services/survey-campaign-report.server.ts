import { z } from 'zod'
import { isUuid } from '#app/domain/form-fields.ts'
import { maskEmail, maskPhone } from '#app/domain/phone.ts'
import { INVITATION_STATUSES } from '#app/domain/survey-invitation.ts'
import { endOfLocalDay, localDate, startOfLocalDay } from '#app/domain/working-calendar.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { countInvitationActivityPerDay, listCampaignInvitations, type InvitationListCriteria } from '#db/queries/survey-campaign-report.ts'
import { findCampaign } from '#db/queries/survey-campaigns.ts'

/** The campaign page's chart (invitations per day) and its filtered, paged invitation list. */

export const CAMPAIGN_CHART_MAX_DAYS = 90
export const CAMPAIGN_INVITATIONS_PAGE_SIZE = 50

const DAY_MS = 86_400_000
const localDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)))

/** The list's GET filters; anything unreadable is ignored (as if not given), never an error page. */
export const campaignInvitationFiltersSchema = z.object({
  status: z.enum(INVITATION_STATUSES).optional().catch(undefined),
  channel: z.enum(['sms', 'email']).optional().catch(undefined),
  from: localDay.optional().catch(undefined),
  until: localDay.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
})
export type CampaignInvitationFilters = z.output<typeof campaignInvitationFiltersSchema>

export function parseCampaignInvitationFilters(params: URLSearchParams): CampaignInvitationFilters {
  const raw = Object.fromEntries([...params].filter(([, v]) => v !== ''))
  return campaignInvitationFiltersSchema.parse(raw)
}

/** The query string for these filters (page 1 omitted), for pagination links. */
export function campaignInvitationSearch(f: CampaignInvitationFilters, page: number): string {
  const p = new URLSearchParams()
  if (f.status) p.set('status', f.status)
  if (f.channel) p.set('channel', f.channel)
  if (f.from) p.set('from', f.from)
  if (f.until) p.set('until', f.until)
  if (page > 1) p.set('page', String(page))
  const s = p.toString()
  return s ? `?${s}` : '?'
}

/** A calendar date `days` later (or earlier), as YYYY-MM-DD. */
function addDays(date: string, days: number) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

export interface CampaignDay {
  /** YYYY-MM-DD in the hospital's time zone. */
  day: string
  sent: number
  opened: number
  completed: number
}

/**
 * Invitations sent, opened and completed per local day over the campaign's life (from its
 * start, or creation, until it stopped or today), at most the last 90 days; days with nothing are 0.
 */
export async function campaignActivityPerDay(
  ctx: AppContext,
  { organizationId, campaign, timeZone }: { organizationId: string; campaign: { id: string; startedAt: Date | null; createdAt: Date; stoppedAt: Date | null }; timeZone: string },
): Promise<CampaignDay[]> {
  const now = ctx.clock.now()
  const end = localDate(campaign.stoppedAt && campaign.stoppedAt < now ? campaign.stoppedAt : now, timeZone)
  const earliest = addDays(end, -(CAMPAIGN_CHART_MAX_DAYS - 1))
  const began = localDate(campaign.startedAt ?? campaign.createdAt, timeZone)
  const first = began > earliest ? began : earliest
  if (first > end) return []
  const since = startOfLocalDay(first, timeZone)
  const query = { organizationId, campaignId: campaign.id, since, timeZone }
  const [sent, opened, completed] = await Promise.all(
    (['sent', 'opened', 'completed'] as const).map((kind) => countInvitationActivityPerDay(ctx.db, { ...query, kind }).then((rows) => new Map(rows.map((r) => [r.day, Number(r.count)])))),
  )
  const days: CampaignDay[] = []
  for (let day = first; day <= end; day = addDays(day, 1)) {
    days.push({ day, sent: sent!.get(day) ?? 0, opened: opened!.get(day) ?? 0, completed: completed!.get(day) ?? 0 })
  }
  return days
}

/** One page of the campaign's invitations matching the filters; recipients masked. */
export async function campaignInvitationsPage(
  ctx: AppContext,
  { organizationId, campaignId, timeZone, filters }: { organizationId: string; campaignId: string; timeZone: string; filters: CampaignInvitationFilters },
) {
  if (!isUuid(campaignId)) return undefined
  const criteria: InvitationListCriteria = {
    status: filters.status,
    channel: filters.channel,
    sendFrom: filters.from ? startOfLocalDay(filters.from, timeZone) : undefined,
    sendUntil: filters.until ? endOfLocalDay(filters.until, timeZone) : undefined,
  }
  const first = await listCampaignInvitations(ctx.db, { organizationId, campaignId, criteria, limit: CAMPAIGN_INVITATIONS_PAGE_SIZE, offset: 0 })
  const pageCount = Math.max(1, Math.ceil(first.total / CAMPAIGN_INVITATIONS_PAGE_SIZE))
  const page = Math.min(filters.page, pageCount)
  const { rows, total } =
    page === 1 ? first : await listCampaignInvitations(ctx.db, { organizationId, campaignId, criteria, limit: CAMPAIGN_INVITATIONS_PAGE_SIZE, offset: (page - 1) * CAMPAIGN_INVITATIONS_PAGE_SIZE })
  return {
    total,
    page,
    pageCount,
    items: rows.map((i) => ({ id: i.id, recipient: i.phone ? maskPhone(i.phone) : i.email ? maskEmail(i.email) : null, status: i.status, channel: i.channel, sendAt: i.sendAt, sentAt: i.sentAt })),
  }
}

/** The chart and the list together, for the campaign page; undefined when the campaign is not this hospital's. */
export async function campaignReport(
  ctx: AppContext,
  { organizationId, campaignId, timeZone, filters }: { organizationId: string; campaignId: string; timeZone: string; filters: CampaignInvitationFilters },
) {
  if (!isUuid(campaignId)) return undefined
  const found = await findCampaign(ctx.db, { organizationId, campaignId })
  if (!found) return undefined
  const [days, invitations] = await Promise.all([
    campaignActivityPerDay(ctx, { organizationId, campaign: found.campaign, timeZone }),
    campaignInvitationsPage(ctx, { organizationId, campaignId, timeZone, filters }),
  ])
  return { days, invitations: invitations! }
}
