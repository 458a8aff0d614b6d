import { z } from 'zod'
import { DEPARTMENT_TYPES, type DepartmentType } from '#app/domain/departments.ts'
import { isLocale, type Locale } from '#app/domain/locales.ts'
import { ROLES, type Role } from '#app/domain/roles.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { listAuditEvents } from '#db/queries/audit.ts'
import { listDepartments } from '#db/queries/departments.ts'

export const AUDIT_PAGE_SIZE = 50

/** Actions with a translated label on the audit page; any other action shows as written. */
export const KNOWN_AUDIT_ACTIONS = [
  'department.created',
  'department.updated',
  'touchpoint.created',
  'touchpoint.updated',
  'touchpoint.code_regenerated',
  'organization.created',
  'organization.updated',
  'invitation.created',
  'invitation.accepted',
  'invitation.revoked',
  'membership.updated',
  'membership.activated',
  'membership.deactivated',
  'user.password_changed',
  'submission.entered',
  'submission.tracking_link_issued',
  'calendar.day_set',
  'calendar.day_reset',
  'case.accept',
  'case.decline',
  'case.startInvestigation',
  'case.involveDepartments',
  'case.recordFindings',
  'case.respond',
  'case.close',
  'case.reopen',
  'case.hold',
  'case.resume',
  'case.resolveOnTheSpot',
  'case.handOver',
  'case.assign',
  'case.setUrgency',
  'case.contact_revealed',
  'case.note_added',
  'cases.exported',
  'settings.sla_updated',
  'survey_template.created',
  'survey_template.updated',
  'survey_template.version_created',
  'survey_template.archived',
  'survey_template.unarchived',
  'patient_events.imported',
  'api_keys.created',
  'api_keys.revoked',
  'survey_campaign.created',
  'survey_campaign.updated',
  'survey_campaign.status_changed',
  'survey_campaign.invitations_resent',
  'survey_campaign.responses_exported',
  'survey_campaign.recipients_added',
  'survey_alert.acknowledged',
  'evaluation.closed',
  'evaluation.reopened',
  'evaluation.commented',
  'evaluation.exported',
  'boards.exported',
  'settings.boards_updated',
] as const
export type KnownAuditAction = (typeof KNOWN_AUDIT_ACTIONS)[number]

export const KNOWN_ENTITY_TYPES = ['department', 'touchpoint', 'organization', 'invitation', 'membership', 'user', 'submission', 'calendar_day', 'case', 'survey_template', 'survey_campaign', 'survey_alert', 'evaluation_snapshot', 'evaluation_comment'] as const
export type KnownEntityType = (typeof KNOWN_ENTITY_TYPES)[number]

/** Fields with a translated name in the diff; others show their raw name. */
export const KNOWN_FIELDS = [
  'name',
  'nameEn',
  'type',
  'parentId',
  'active',
  'sortOrder',
  'departmentId',
  'departmentIds',
  'publicCode',
  'slug',
  'timeZone',
  'defaultLocale',
  'email',
  'role',
  'smsNumber',
  'intakeLimitPerHour',
  'smsAttachWindowDays',
  'number',
  'kind',
  'channel',
  'caseId',
  'date',
  'working',
  'note',
  'ownerDepartmentId',
  'ownerUserId',
  'heldFrom',
  'declineReason',
  'resolution',
  'resolutionNote',
  'finding',
  'valid',
  'attributedDepartmentId',
  'attributedUserId',
  'remedy',
  'answer',
  'answeredAt',
  'answerDueAt',
  'closedAt',
  'urgent',
  'answerVia',
  'listRows',
  'peopleAdded',
  'peopleSkipped',
  'month',
  'reason',
  'weights',
  'publicBoard',
  'minResponses',
] as const
export type KnownField = (typeof KNOWN_FIELDS)[number]

/** Bookkeeping columns that change with every write and say nothing to a reader. */
const HIDDEN_FIELDS = new Set(['id', 'organizationId', 'createdAt', 'updatedAt'])
const MAX_TEXT = 60

export type AuditValue =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'role'; role: Role }
  | { kind: 'locale'; locale: Locale }
  | { kind: 'departmentType'; type: DepartmentType }

export type ChangeShape = 'created' | 'removed' | 'changed'

export interface FieldChange {
  field: string
  knownField: KnownField | null
  before: AuditValue
  after: AuditValue
}

/** ?before= is the id of the last event on the previous page; anything else means the first page. */
export const auditQuerySchema = z.object({
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
})

function oneOf<T extends string>(list: readonly T[], value: string): T | null {
  return (list as readonly string[]).includes(value) ? (value as T) : null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function truncate(text: string) {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text
}

function sameValue(a: unknown, b: unknown) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/** One side of a change, made readable: department ids become names, roles and languages labels. */
function describe(field: string, value: unknown, departmentName: (id: string) => string): AuditValue {
  if (value === null || value === undefined || value === '') return { kind: 'empty' }
  if (typeof value === 'boolean') return { kind: 'boolean', value }
  if (typeof value === 'string') {
    if (field === 'departmentId' || field === 'parentId') return { kind: 'text', text: truncate(departmentName(value)) }
    if (field === 'role' && oneOf(ROLES, value)) return { kind: 'role', role: value as Role }
    if (field === 'defaultLocale' && isLocale(value)) return { kind: 'locale', locale: value }
    if (field === 'type' && oneOf(DEPARTMENT_TYPES, value)) return { kind: 'departmentType', type: value as DepartmentType }
    return { kind: 'text', text: truncate(value) }
  }
  if (Array.isArray(value) && field === 'departmentIds') {
    return value.length === 0 ? { kind: 'empty' } : { kind: 'text', text: truncate(value.map((id) => departmentName(String(id))).join('、')) }
  }
  if (typeof value === 'number') return { kind: 'text', text: String(value) }
  return { kind: 'text', text: truncate(JSON.stringify(value)) }
}

/** The fields that differ between the before and after snapshots (all set fields for a creation). */
export function diffSnapshots(before: unknown, after: unknown, departmentName: (id: string) => string = (id) => id): FieldChange[] {
  const b = isRecord(before) ? before : {}
  const a = isRecord(after) ? after : {}
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => !HIDDEN_FIELDS.has(f))
  return fields
    .filter((f) => !sameValue(b[f], a[f]))
    .map((field) => ({
      field,
      knownField: oneOf(KNOWN_FIELDS, field),
      before: describe(field, b[field], departmentName),
      after: describe(field, a[field], departmentName),
    }))
    .filter((c) => !(c.before.kind === 'empty' && c.after.kind === 'empty'))
}

/** What the event was about, in words: the entity's name or email from its snapshots. */
function entityLabel(before: unknown, after: unknown, entityId: string | null) {
  for (const snapshot of [after, before]) {
    if (!isRecord(snapshot)) continue
    for (const key of ['name', 'email', 'date']) {
      const v = snapshot[key]
      if (typeof v === 'string' && v.trim()) return truncate(v)
    }
  }
  return entityId ? entityId.slice(0, 8) : null
}

/** One page of the hospital's audit events, newest first, each with a readable diff. */
export async function listAuditLog(ctx: AppContext, { organizationId, before, locale }: { organizationId: string; before?: number | undefined; locale: Locale }) {
  const [rows, departments] = await Promise.all([
    listAuditEvents(ctx.db, { organizationId, ...(before ? { beforeId: before } : {}), limit: AUDIT_PAGE_SIZE + 1 }),
    listDepartments(ctx.db, { organizationId }),
  ])
  const names = new Map(departments.map((d) => [d.id, locale === 'en' && d.nameEn ? d.nameEn : d.name]))
  const departmentName = (id: string) => names.get(id) ?? id.slice(0, 8)
  const page = rows.slice(0, AUDIT_PAGE_SIZE)
  return {
    events: page.map((e) => ({
      id: e.id,
      createdAt: e.createdAt.toISOString(),
      actor: e.actorName || e.actorEmail ? { name: e.actorName, email: e.actorEmail } : null,
      action: e.action,
      knownAction: oneOf(KNOWN_AUDIT_ACTIONS, e.action),
      entityType: e.entityType,
      knownEntityType: oneOf(KNOWN_ENTITY_TYPES, e.entityType),
      entityLabel: entityLabel(e.before, e.after, e.entityId),
      /** Only an after snapshot: the record was made (nothing before); only a before snapshot: it was removed. */
      shape: (e.before === null && e.after !== null ? 'created' : e.after === null && e.before !== null ? 'removed' : 'changed') as ChangeShape,
      changes: diffSnapshots(e.before, e.after, departmentName),
    })),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? (page.at(-1)?.id ?? null) : null,
  }
}
