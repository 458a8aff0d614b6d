import { createHash } from 'node:crypto'
import { FormDataParseError, MaxFileSizeExceededError, MaxFilesExceededError, MaxPartsExceededError, MaxTotalSizeExceededError, parseFormData } from '@remix-run/form-data-parser'
import { decodeCsvBytes, parseCsv } from '#app/domain/csv.ts'
import { isUuid } from '#app/domain/form-fields.ts'
import type { Locale } from '#app/domain/locales.ts'
import { maskName } from '#app/domain/mask-name.ts'
import { guessMapping, rawEventFromRow, resolveEvent, type ColumnMapping, type EventField, type EventLookup, type RowErrorCode } from '#app/domain/patient-event-rows.ts'
import { maskEmail, maskPhone } from '#app/domain/phone.ts'
import type { CampaignStatus } from '#app/domain/survey-invitation.ts'
import { personKey } from '#app/domain/survey-schedule.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import { listDepartments } from '#db/queries/departments.ts'
import { findCampaign, type SurveyCampaignRow } from '#db/queries/survey-campaigns.ts'
import { listPersonKeysFromManualList } from '#db/queries/survey-invitations.ts'
import { audit } from './audit.server.ts'
import { loadEventLookup } from './patient-events.server.ts'
import { coversDepartment, planInvitations, storeInvitationPlan, type InvitationPlan, type Invitee, type InvitingCampaign } from './survey-invitations.server.ts'
import { campaignSettingsOf } from './survey-campaigns.server.ts'

/**
 * A `manual` campaign's people, added by pasting or uploading a CSV list (name, phone, email,
 * language, department): preview with every row's problem, then confirm. A list with any
 * problem adds no one. Rows are read with the patient-event import's rules (csv.ts,
 * patient-event-rows.ts): same phone, email, language and department parsing.
 *
 * Idempotency. Nothing in a list identifies an event, and invitations are unique only per
 * (campaign, event) and (campaign, case), so the key is the person: with a frequency cap (the
 * default 30 days) the cap itself keeps anyone already invited — by this list or any other —
 * from a second invitation. With the cap off (0), a list is keyed by its content (the campaign
 * and its people's sorted person keys, hashed) and kept on each invitation's first history
 * entry: posting the same list again adds no one twice, while a different list may invite
 * someone again, as a campaign without a cap allows. One person twice in a list counts once.
 */

export const MANUAL_LIST_MAX_BYTES = 2 * 1024 * 1024
export const MANUAL_LIST_MAX_ROWS = 5_000
export const MANUAL_LIST_PREVIEW_ROWS = 50

export const LIST_FIELDS = ['patientName', 'phone', 'email', 'language', 'department'] as const satisfies readonly EventField[]
export type ListField = (typeof LIST_FIELDS)[number]
export type ListRowErrorCode = RowErrorCode | 'departmentOutsideCampaign'
export interface ListRowError {
  /** The line in the list (the header, when there is one, is line 1). */
  row: number
  field: ListField
  code: ListRowErrorCode
}

export type ListInputError = 'listRequired' | 'listTooLarge' | 'fileType' | 'tooManyRows'
export type ListRefusal = 'notFound' | 'notManual' | 'notOpen'
type Actor = { organizationId: string; actorUserId: string }

/** Campaigns a list may be added to: running, or a draft whose invitations wait until it starts. */
const OPEN_STATUSES: readonly CampaignStatus[] = ['running', 'draft']

const REQUEST_LIMIT = 2 * MANUAL_LIST_MAX_BYTES + 64 * 1024

/** The posted form: the list (a file wins over pasted text) and what to do with it. */
export async function readManualListForm(request: Request): Promise<{ ok: true; intent: 'preview' | 'confirm'; text: string } | { ok: false; error: ListInputError }> {
  if (Number(request.headers.get('content-length') ?? 0) > REQUEST_LIMIT) return { ok: false, error: 'listTooLarge' }
  let file: { name: string; bytes: Uint8Array } | undefined
  let form: FormData
  try {
    form = await parseFormData(request, { maxFiles: 1, maxParts: 10, maxFileSize: MANUAL_LIST_MAX_BYTES, maxTotalSize: REQUEST_LIMIT }, async (upload) => {
      if (upload.fieldName !== 'file' || upload.name === '') return null
      file = { name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) }
      return null
    })
  } catch (e) {
    if (e instanceof MaxFileSizeExceededError || e instanceof MaxTotalSizeExceededError) return { ok: false, error: 'listTooLarge' }
    if (e instanceof MaxFilesExceededError || e instanceof MaxPartsExceededError || e instanceof FormDataParseError) return { ok: false, error: 'listRequired' }
    throw e
  }
  const intent = form.get('intent') === 'confirm' ? 'confirm' : 'preview'
  if (file && file.bytes.length > 0) {
    // A CSV is text: a NUL byte means a spreadsheet or some other binary file.
    if (!/\.(csv|txt)$/i.test(file.name) || file.bytes.subarray(0, 8192).includes(0)) return { ok: false, error: 'fileType' }
    return { ok: true, intent, text: decodeCsvBytes(file.bytes).trim() }
  }
  const pasted = form.get('list')
  const text = typeof pasted === 'string' ? pasted.trim() : ''
  if (!text) return { ok: false, error: 'listRequired' }
  return { ok: true, intent, text }
}

/** A header row is recognised by its names (as the import does); without one, the columns are name, phone, email, language, department. */
function columnsOf(firstRow: string[]): { mapping: ColumnMapping; hasHeader: boolean } {
  const guessed = guessMapping(firstRow.map((h) => h.trim()))
  const none = { type: '', externalId: '', touchpoint: '', occurredAt: '', fixedType: '' } as const
  if (LIST_FIELDS.some((f) => guessed[f] !== '')) return { mapping: { ...guessed, ...none }, hasHeader: true }
  return { mapping: { ...none, patientName: '0', phone: '1', email: '2', language: '3', department: '4' }, hasHeader: false }
}

interface ListPerson {
  row: number
  invitee: Invitee
  key: string
  /** An earlier row of the list has the same person. */
  duplicate: boolean
}

interface ParsedList {
  dataRows: number
  people: ListPerson[]
  errors: ListRowError[]
}

/** Every row through the patient-event rules (as a visit now: the list has no type or time), plus the campaign's departments. */
function parseList(text: string, lookup: EventLookup, campaign: InvitingCampaign, departments: { id: string; parentId: string | null }[]): ParsedList | { tooManyRows: true } {
  const rows = parseCsv(text)
  const { mapping, hasHeader } = columnsOf(rows[0] ?? [])
  const data = hasHeader ? rows.slice(1) : rows
  if (data.length > MANUAL_LIST_MAX_ROWS) return { tooManyRows: true }
  const first = hasHeader ? 2 : 1
  const people: ListPerson[] = []
  const errors: ListRowError[] = []
  const seen = new Set<string>()
  data.forEach((cells, i) => {
    const row = first + i
    const raw = { ...rawEventFromRow(cells, mapping), type: 'visit', occurredAt: lookup.now.toISOString() }
    const result = resolveEvent(raw, lookup)
    for (const e of result.errors) errors.push({ row, field: e.field as ListField, code: e.code })
    if (!result.event) return
    const e = result.event
    if (!coversDepartment(campaign, e.departmentId, departments)) {
      errors.push({ row, field: 'department', code: 'departmentOutsideCampaign' })
      return
    }
    const invitee: Invitee = { trigger: 'manual', at: lookup.now, recipientName: e.patientName, phone: e.phone, email: e.email, departmentId: e.departmentId, locale: e.locale }
    const key = personKey(invitee)!
    people.push({ row, invitee, key, duplicate: seen.has(key) })
    seen.add(key)
  })
  return { dataRows: data.length, people, errors }
}

/** The list's key when the cap is off: the campaign and its people, in any order. */
function manualListKey(campaignId: string, people: ListPerson[]) {
  const keys = [...new Set(people.map((p) => p.key))].sort()
  return createHash('sha256').update(`${campaignId}\n${keys.join('\n')}`).digest('hex')
}

const invitingCampaign = (c: SurveyCampaignRow): InvitingCampaign => ({
  id: c.id,
  templateVersionId: c.templateVersionId,
  departmentIds: c.departmentIds,
  settings: campaignSettingsOf(c),
})

function refusalOf(campaign: SurveyCampaignRow | undefined): ListRefusal | null {
  if (!campaign) return 'notFound'
  if (campaign.trigger !== 'manual') return 'notManual'
  if (!OPEN_STATUSES.includes(campaign.status)) return 'notOpen'
  return null
}

export type PersonOutcome = 'invite' | 'capped' | 'duplicate' | 'alreadyAdded'

interface ListPlan {
  parsed: ParsedList
  outcomes: PersonOutcome[]
  sendAt: (Date | null)[]
  invitations: InvitationPlan
  listKey: string
}

/** What would happen to each person of a list that parsed without errors (nothing stored). */
async function planList(ctx: AppContext, db: Executor, organizationId: string, campaign: InvitingCampaign, parsed: ParsedList): Promise<ListPlan> {
  const listKey = manualListKey(campaign.id, parsed.people)
  const already = campaign.settings.frequencyCapDays === 0 ? new Set(await listPersonKeysFromManualList(db, { organizationId, campaignId: campaign.id, listKey })) : new Set<string>()
  const candidates = parsed.people.map((p, i) => ({ p, i })).filter(({ p }) => !p.duplicate && !already.has(p.key))
  const plan = await planInvitations(ctx, db, organizationId, [campaign], candidates.map(({ p }) => p.invitee))
  const outcomes: PersonOutcome[] = parsed.people.map((p) => (p.duplicate ? 'duplicate' : already.has(p.key) ? 'alreadyAdded' : 'capped'))
  const sendAt: (Date | null)[] = parsed.people.map(() => null)
  for (const inv of plan.invitations) {
    const i = candidates[inv.invitee]!.i
    outcomes[i] = 'invite'
    sendAt[i] = inv.sendAt
  }
  return { parsed, outcomes, sendAt, invitations: plan, listKey }
}

async function loadList(ctx: AppContext, db: Executor, organizationId: string, campaign: InvitingCampaign, text: string) {
  const [lookup, departments] = await Promise.all([loadEventLookup(ctx, db, organizationId), listDepartments(db, { organizationId })])
  return { lookup, parsed: parseList(text, lookup, campaign, departments) }
}

const countOf = (outcomes: PersonOutcome[], outcome: PersonOutcome) => outcomes.filter((o) => o === outcome).length

/** The recipients page's campaign: name, status, trigger, delay and cap; undefined when not this hospital's. */
export async function manualListCampaign(ctx: AppContext, organizationId: string, campaignId: string) {
  if (!isUuid(campaignId)) return undefined
  const found = await findCampaign(ctx.db, { organizationId, campaignId })
  if (!found) return undefined
  const c = found.campaign
  return { id: c.id, name: c.name, status: c.status, trigger: c.trigger, delayMinutes: c.delayMinutes, frequencyCapDays: c.frequencyCapDays, refusal: refusalOf(c) }
}

export type ManualListPreview =
  | { ok: false; error: ListRefusal | 'tooManyRows' }
  | {
      ok: true
      /** The list as posted, carried to the confirm form. */
      text: string
      dataRows: number
      errors: ListRowError[]
      counts: Record<PersonOutcome, number>
      /** The first people, contact details masked (DESIGN.md §6). */
      people: { row: number; name: string | null; contact: string; department: { name: string; nameEn: string | null } | null; locale: Locale; outcome: PersonOutcome; sendAt: Date | null }[]
    }

/** The preview: every row's problem, or who will be invited, skipped for the cap, or counted once. Stores nothing. */
export async function previewManualList(ctx: AppContext, organizationId: string, campaignId: string, text: string): Promise<ManualListPreview> {
  if (!isUuid(campaignId)) return { ok: false, error: 'notFound' }
  const found = await findCampaign(ctx.db, { organizationId, campaignId })
  const refusal = refusalOf(found?.campaign)
  if (refusal) return { ok: false, error: refusal }
  const campaign = invitingCampaign(found!.campaign)
  const { lookup, parsed } = await loadList(ctx, ctx.db, organizationId, campaign, text)
  if ('tooManyRows' in parsed) return { ok: false, error: 'tooManyRows' }
  const empty = { invite: 0, capped: 0, duplicate: 0, alreadyAdded: 0 }
  if (parsed.errors.length) return { ok: true, text, dataRows: parsed.dataRows, errors: parsed.errors, counts: empty, people: [] }
  const plan = await planList(ctx, ctx.db, organizationId, campaign, parsed)
  const names = new Map(lookup.departments.map((d) => [d.id, { name: d.name, nameEn: d.nameEn }]))
  return {
    ok: true,
    text,
    dataRows: parsed.dataRows,
    errors: [],
    counts: { invite: countOf(plan.outcomes, 'invite'), capped: countOf(plan.outcomes, 'capped'), duplicate: countOf(plan.outcomes, 'duplicate'), alreadyAdded: countOf(plan.outcomes, 'alreadyAdded') },
    people: parsed.people.slice(0, MANUAL_LIST_PREVIEW_ROWS).map((p, i) => ({
      row: p.row,
      name: p.invitee.recipientName ? maskName(p.invitee.recipientName) : null,
      contact: p.invitee.phone ? maskPhone(p.invitee.phone) : maskEmail(p.invitee.email!),
      department: p.invitee.departmentId ? (names.get(p.invitee.departmentId) ?? null) : null,
      locale: p.invitee.locale,
      outcome: plan.outcomes[i]!,
      sendAt: plan.sendAt[i]!,
    })),
  }
}

export type ManualListResult = { ok: true; added: number; skipped: number } | { ok: false; error: ListRefusal | 'tooManyRows' | 'hasErrors'; errors?: number }

/**
 * Adds the list's people to the campaign in one transaction with the campaign row locked (two
 * posts of one list run one after the other, the second seeing the first's invitations), or
 * no one when any row has a problem. Invitations go out the campaign's delay after now, at
 * the next allowed hour. Audited with counts only, never the people.
 */
export async function addManualList(ctx: AppContext, actor: Actor, campaignId: string, text: string): Promise<ManualListResult> {
  if (!isUuid(campaignId)) return { ok: false, error: 'notFound' }
  const { organizationId } = actor
  return ctx.db.transaction(async (tx): Promise<ManualListResult> => {
    const found = await findCampaign(tx, { organizationId, campaignId, lock: true })
    const refusal = refusalOf(found?.campaign)
    if (refusal) return { ok: false, error: refusal }
    const campaign = invitingCampaign(found!.campaign)
    const { parsed } = await loadList(ctx, tx, organizationId, campaign, text)
    if ('tooManyRows' in parsed) return { ok: false, error: 'tooManyRows' }
    if (parsed.errors.length) return { ok: false, error: 'hasErrors', errors: parsed.errors.length }
    const plan = await planList(ctx, tx, organizationId, campaign, parsed)
    const inserted = await storeInvitationPlan(ctx, tx, organizationId, plan.invitations, { manualList: plan.listKey })
    const added = inserted.length
    const skipped = parsed.people.length - added
    await audit(tx, {
      ...actor,
      action: 'survey_campaign.recipients_added',
      entityType: 'survey_campaign',
      entityId: campaignId,
      after: { name: found!.campaign.name, listRows: parsed.dataRows, peopleAdded: added, peopleSkipped: skipped },
    })
    return { ok: true, added, skipped }
  })
}
