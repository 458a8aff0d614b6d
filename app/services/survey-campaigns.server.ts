import { z } from 'zod'
import { sortAsTree } from '#app/domain/department-tree.ts'
import { isUuid, requiredText } from '#app/domain/form-fields.ts'
import {
  CAMPAIGN_TRIGGERS,
  campaignSettingsSchema,
  defaultCampaignSettings,
  durationToMinutes,
  minutesToDuration,
  type CampaignSettings,
  type CampaignTrigger,
} from '#app/domain/survey-campaign-settings.ts'
import { canMoveCampaign, INVITATION_STATUSES, type CampaignStatus, type InvitationStatus } from '#app/domain/survey-invitation.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import { listDepartments } from '#db/queries/departments.ts'
import {
  countInvitationsByCampaignAndStatus,
  findCampaign,
  insertCampaign,
  listCampaigns,
  listCampaignTemplateChoices,
  listRunningCampaigns,
  updateCampaign,
  type SurveyCampaignRow,
} from '#db/queries/survey-campaigns.ts'
import { audit } from './audit.server.ts'

type Actor = { organizationId: string; actorUserId: string }

/** What the campaign form posts, as typed (kept on errors); departmentIds may repeat. */
export type CampaignFormValues = Record<(typeof TEXT_FIELDS)[number], string> & { noReminder: string; departmentIds: string[] }
const TEXT_FIELDS = [
  'name',
  'templateId',
  'trigger',
  'channelPreference',
  'delayDays',
  'delayHours',
  'allowedFrom',
  'allowedUntil',
  'reminderDays',
  'reminderHours',
  'expiryDays',
  'expiryHours',
  'frequencyCapDays',
] as const

/** Error keys per form field (translation keys, e.g. 'surveys:errors.delayRange'). */
export type CampaignFieldErrors = Partial<Record<'name' | 'templateId' | 'trigger' | 'channelPreference' | 'delay' | 'allowedFrom' | 'allowedUntil' | 'reminder' | 'expiry' | 'frequencyCapDays' | 'departmentIds', string>>

export interface CampaignInput {
  name: string
  templateId: string
  departmentIds: string[]
  settings: CampaignSettings
}

export function campaignFormValues(form: FormData): CampaignFormValues {
  const text = (k: string) => {
    const v = form.get(k)
    return typeof v === 'string' ? v : ''
  }
  const values = Object.fromEntries(TEXT_FIELDS.map((k) => [k, text(k)])) as Record<(typeof TEXT_FIELDS)[number], string>
  return { ...values, noReminder: text('noReminder'), departmentIds: form.getAll('departmentIds').filter((v): v is string => typeof v === 'string' && v !== '') }
}

/** The form filled from settings (days + hours). */
export function settingsFormValues(settings: CampaignSettings, rest: { name: string; templateId: string; departmentIds: string[] }): CampaignFormValues {
  const delay = minutesToDuration(settings.delayMinutes)
  const reminder = settings.reminderAfterMinutes === null ? null : minutesToDuration(settings.reminderAfterMinutes)
  const expiry = minutesToDuration(settings.expiryMinutes)
  return {
    ...rest,
    trigger: settings.trigger,
    channelPreference: settings.channelPreference,
    delayDays: String(delay.days),
    delayHours: String(delay.hours),
    allowedFrom: settings.allowedFrom,
    allowedUntil: settings.allowedUntil,
    reminderDays: reminder ? String(reminder.days) : '',
    reminderHours: reminder ? String(reminder.hours) : '',
    noReminder: reminder ? '' : 'on',
    expiryDays: String(expiry.days),
    expiryHours: String(expiry.hours),
    frequencyCapDays: String(settings.frequencyCapDays),
  }
}

/** A blank new-campaign form with the defaults for discharged inpatients. */
export function newCampaignFormValues(): CampaignFormValues {
  return settingsFormValues(defaultCampaignSettings('discharge'), { name: '', templateId: '', departmentIds: [] })
}

/** "Use the defaults for this trigger" without JavaScript: the typed name, template and departments stay. */
export function defaultsForTriggerFormValues(typed: CampaignFormValues): CampaignFormValues {
  const trigger = (CAMPAIGN_TRIGGERS as readonly string[]).includes(typed.trigger) ? (typed.trigger as CampaignTrigger) : 'discharge'
  return settingsFormValues(defaultCampaignSettings(trigger), { name: typed.name, templateId: typed.templateId, departmentIds: typed.departmentIds })
}

const campaignHeaderSchema = z.object({
  name: requiredText(100),
  templateId: z.string().refine(isUuid, 'surveys:campaigns.errors.templateRequired'),
  departmentIds: z.array(z.string().refine(isUuid, 'surveys:campaigns.errors.departmentInvalid')).max(200, 'surveys:campaigns.errors.departmentInvalid'),
})

const SETTINGS_FIELD: Record<string, keyof CampaignFieldErrors> = { delayMinutes: 'delay', reminderAfterMinutes: 'reminder', expiryMinutes: 'expiry' }

/** Validates the posted form; errors are translation keys per form field. */
export function parseCampaignForm(values: CampaignFormValues): { ok: true; input: CampaignInput } | { ok: false; errors: CampaignFieldErrors } {
  const header = campaignHeaderSchema.safeParse(values)
  const settings = campaignSettingsSchema.safeParse({
    trigger: values.trigger,
    channelPreference: values.channelPreference,
    delayMinutes: durationToMinutes(values.delayDays, values.delayHours),
    allowedFrom: values.allowedFrom,
    allowedUntil: values.allowedUntil,
    reminderAfterMinutes: values.noReminder ? null : durationToMinutes(values.reminderDays, values.reminderHours),
    expiryMinutes: durationToMinutes(values.expiryDays, values.expiryHours),
    frequencyCapDays: values.frequencyCapDays,
  })
  if (header.success && settings.success) return { ok: true, input: { ...header.data, departmentIds: [...new Set(header.data.departmentIds)], settings: settings.data } }
  const errors: CampaignFieldErrors = {}
  for (const issue of [...(header.error?.issues ?? []), ...(settings.error?.issues ?? [])]) {
    const path = String(issue.path[0] ?? 'name')
    const field = SETTINGS_FIELD[path] ?? (path as keyof CampaignFieldErrors)
    errors[field] ??= /^[a-z]+:[\w.]+$/i.test(issue.message) ? issue.message : 'common:errors.required'
  }
  return { ok: false, errors }
}

export type CampaignSaveResult = { ok: true; id: string } | { ok: false; errors: CampaignFieldErrors } | { ok: false; error: 'notFound' | 'notDraft' }

/** The template's latest version, and that every department is the hospital's; errors per field. */
async function checkReferences(db: Executor, organizationId: string, input: CampaignInput) {
  const [template] = await listCampaignTemplateChoices(db, { organizationId, templateId: input.templateId })
  const errors: CampaignFieldErrors = {}
  if (!template) errors.templateId = 'surveys:campaigns.errors.templateRequired'
  if (input.departmentIds.length) {
    const known = new Set((await listDepartments(db, { organizationId })).map((d) => d.id))
    if (input.departmentIds.some((id) => !known.has(id))) errors.departmentIds = 'surveys:campaigns.errors.departmentInvalid'
  }
  return template && !errors.departmentIds ? { ok: true as const, templateVersionId: template.versionId } : { ok: false as const, errors }
}

const campaignValues = (input: CampaignInput, templateVersionId: string) => ({ name: input.name, templateId: input.templateId, templateVersionId, departmentIds: input.departmentIds, ...input.settings })

/** A new campaign in draft, pinned to the template's latest version. */
export async function createCampaign(ctx: AppContext, actor: Actor, input: CampaignInput): Promise<CampaignSaveResult> {
  return ctx.db.transaction(async (tx) => {
    const refs = await checkReferences(tx, actor.organizationId, input)
    if (!refs.ok) return refs
    const row = await insertCampaign(tx, { organizationId: actor.organizationId, ...campaignValues(input, refs.templateVersionId), createdByUserId: actor.actorUserId, createdAt: ctx.clock.now() })
    await audit(tx, { organizationId: actor.organizationId, actorUserId: actor.actorUserId, action: 'survey_campaign.created', entityType: 'survey_campaign', entityId: row.id, after: row })
    return { ok: true, id: row.id }
  })
}

/** Settings change only while the campaign is a draft (nothing has been sent under them yet). */
export async function editCampaign(ctx: AppContext, actor: Actor, campaignId: string, input: CampaignInput): Promise<CampaignSaveResult> {
  if (!isUuid(campaignId)) return { ok: false, error: 'notFound' }
  return ctx.db.transaction(async (tx) => {
    const found = await findCampaign(tx, { organizationId: actor.organizationId, campaignId, lock: true })
    if (!found) return { ok: false, error: 'notFound' }
    if (found.campaign.status !== 'draft') return { ok: false, error: 'notDraft' }
    const refs = await checkReferences(tx, actor.organizationId, input)
    if (!refs.ok) return refs
    const after = await updateCampaign(tx, { organizationId: actor.organizationId, campaignId, ...campaignValues(input, refs.templateVersionId), updatedAt: ctx.clock.now() })
    await audit(tx, { organizationId: actor.organizationId, actorUserId: actor.actorUserId, action: 'survey_campaign.updated', entityType: 'survey_campaign', entityId: campaignId, before: found.campaign, after })
    return { ok: true, id: campaignId }
  })
}

export const campaignStatusInputSchema = z.object({ to: z.enum(['running', 'paused', 'stopped']) })

/** Start, pause, resume or stop, as canMoveCampaign allows; a stopped campaign stays stopped. */
export async function changeCampaignStatus(ctx: AppContext, actor: Actor, campaignId: string, to: CampaignStatus): Promise<{ ok: true } | { ok: false; error: 'notFound' | 'notAllowed' }> {
  if (!isUuid(campaignId)) return { ok: false, error: 'notFound' }
  return ctx.db.transaction(async (tx) => {
    const found = await findCampaign(tx, { organizationId: actor.organizationId, campaignId, lock: true })
    if (!found) return { ok: false, error: 'notFound' }
    const from = found.campaign.status
    if (!canMoveCampaign(from, to)) return { ok: false, error: 'notAllowed' }
    const now = ctx.clock.now()
    await updateCampaign(tx, {
      organizationId: actor.organizationId,
      campaignId,
      status: to,
      updatedAt: now,
      ...(to === 'running' && !found.campaign.startedAt && { startedAt: now }),
      ...(to === 'stopped' && { stoppedAt: now }),
    })
    await audit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.actorUserId,
      action: 'survey_campaign.status_changed',
      entityType: 'survey_campaign',
      entityId: campaignId,
      before: { name: found.campaign.name, status: from },
      after: { name: found.campaign.name, status: to },
    })
    return { ok: true }
  })
}

export type InvitationCounts = Record<InvitationStatus, number>
/** Invitations that reached the person (or were sent to them): the response rate's denominator. */
const SENT_OR_LATER: readonly InvitationStatus[] = ['sent', 'delivered', 'opened', 'completed', 'expired', 'opted_out']

const emptyCounts = (): InvitationCounts => Object.fromEntries(INVITATION_STATUSES.map((s) => [s, 0])) as InvitationCounts

/** Completed / sent-or-later; null before anything was sent. */
export function responseRate(counts: InvitationCounts): number | null {
  const sent = SENT_OR_LATER.reduce((sum, s) => sum + counts[s], 0)
  return sent === 0 ? null : counts.completed / sent
}

function countsByCampaign(rows: { campaignId: string; status: InvitationStatus; count: number }[]) {
  const out = new Map<string, InvitationCounts>()
  for (const r of rows) {
    const counts = out.get(r.campaignId) ?? emptyCounts()
    counts[r.status] = Number(r.count)
    out.set(r.campaignId, counts)
  }
  return out
}

export const campaignSettingsOf = (c: SurveyCampaignRow): CampaignSettings => ({
  trigger: c.trigger,
  channelPreference: c.channelPreference,
  delayMinutes: c.delayMinutes,
  allowedFrom: c.allowedFrom,
  allowedUntil: c.allowedUntil,
  reminderAfterMinutes: c.reminderAfterMinutes,
  expiryMinutes: c.expiryMinutes,
  frequencyCapDays: c.frequencyCapDays,
})

/** The choices the campaign form offers: non-archived templates and the hospital's active departments. */
export async function campaignFormChoices(ctx: AppContext, organizationId: string) {
  const [templates, departments] = await Promise.all([listCampaignTemplateChoices(ctx.db, { organizationId }), listDepartments(ctx.db, { organizationId })])
  return {
    templates: templates.map((t) => ({ id: t.templateId, name: t.name, nameEn: t.nameEn, version: t.version })),
    departments: sortAsTree(departments)
      .filter((d) => d.active)
      .map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn, depth: d.depth, active: d.active })),
  }
}

/** The campaign list: each campaign's invitations per status and its response rate. */
export async function listCampaignsPage(ctx: AppContext, organizationId: string) {
  const [rows, countRows] = await Promise.all([listCampaigns(ctx.db, { organizationId }), countInvitationsByCampaignAndStatus(ctx.db, { organizationId })])
  const counts = countsByCampaign(countRows)
  return rows.map((r) => {
    const c = counts.get(r.campaign.id) ?? emptyCounts()
    return {
      id: r.campaign.id,
      name: r.campaign.name,
      templateName: r.templateName,
      templateNameEn: r.templateNameEn,
      trigger: r.campaign.trigger,
      status: r.campaign.status,
      counts: c,
      responseRate: responseRate(c),
    }
  })
}

/** One campaign with its settings, counts and response rate (its invitations: survey-campaign-report). */
export async function getCampaignPage(ctx: AppContext, { organizationId, campaignId }: { organizationId: string; campaignId: string }) {
  if (!isUuid(campaignId)) return undefined
  const found = await findCampaign(ctx.db, { organizationId, campaignId })
  if (!found) return undefined
  const [countRows, departments] = await Promise.all([countInvitationsByCampaignAndStatus(ctx.db, { organizationId, campaignId }), listDepartments(ctx.db, { organizationId })])
  const counts = countsByCampaign(countRows).get(campaignId) ?? emptyCounts()
  const c = found.campaign
  const settings = campaignSettingsOf(c)
  return {
    campaign: {
      id: c.id,
      name: c.name,
      status: c.status,
      templateName: found.templateName,
      templateNameEn: found.templateNameEn,
      templateVersion: found.templateVersion,
      startedAt: c.startedAt,
      stoppedAt: c.stoppedAt,
      createdAt: c.createdAt,
      settings,
      departments: departments.filter((d) => c.departmentIds.includes(d.id)).map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn })),
    },
    formValues: settingsFormValues(settings, { name: c.name, templateId: c.templateId, departmentIds: c.departmentIds }),
    counts,
    responseRate: responseRate(counts),
  }
}

/**
 * The running campaigns of a hospital for one trigger, with their settings: the invitation
 * engine asks this for every new discharge, visit or closed case.
 */
export async function runningCampaignsFor(db: Executor, organizationId: string, trigger: CampaignTrigger) {
  const rows = await listRunningCampaigns(db, { organizationId, trigger })
  return rows.map((c) => ({ id: c.id, organizationId: c.organizationId, name: c.name, templateId: c.templateId, templateVersionId: c.templateVersionId, departmentIds: c.departmentIds, settings: campaignSettingsOf(c) }))
}
export type RunningCampaign = Awaited<ReturnType<typeof runningCampaignsFor>>[number]
