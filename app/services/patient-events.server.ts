import { z } from 'zod'
import {
  API_MAX_EVENTS,
  resolveEvent,
  type EventField,
  type EventLookup,
  type PatientEventInput,
  type RowErrorCode,
} from '#app/domain/patient-event-rows.ts'
import { maskName } from '#app/domain/mask-name.ts'
import { maskEmail, maskPhone } from '#app/domain/phone.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { inviteForEvents } from './survey-invitations.server.ts'
import { markRollupsDirtyFor } from './board-rollups.server.ts'
import { translator } from '#app/lib/i18n.ts'
import type { Executor } from '#db/executor.ts'
import { listDepartments } from '#db/queries/departments.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { findEventIdsByExternalId, insertPatientEvents, listRecentPatientEvents, type PatientEvent } from '#db/queries/patient-events.ts'
import { listTouchpoints } from '#db/queries/touchpoints.ts'

/** What the row rules need to know about the hospital: its departments, touchpoints, time zone, language, and now. */
export async function loadEventLookup(ctx: AppContext, db: Executor, organizationId: string): Promise<EventLookup> {
  const organization = await findOrganizationById(db, { organizationId })
  if (!organization) throw new Error('hospital not found')
  const [departments, touchpoints] = await Promise.all([listDepartments(db, { organizationId }), listTouchpoints(db, { organizationId })])
  return {
    departments: departments.map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn })),
    touchpoints: touchpoints.map(({ touchpoint: p }) => ({ id: p.id, departmentId: p.departmentId, name: p.name, nameEn: p.nameEn, publicCode: p.publicCode })),
    timeZone: organization.timeZone,
    defaultLocale: organization.defaultLocale,
    now: ctx.clock.now(),
  }
}

export interface RecordedEvents {
  /** Rows created by this call (new events). */
  inserted: PatientEvent[]
  /** Events whose (hospital, external id) was already stored: skipped. */
  duplicates: number
}

/**
 * Stores discharges and visits from the CSV import and the API alike, inside the caller's
 * transaction. Idempotent by (hospital, external id): a known id is counted, not stored again.
 */
export async function recordPatientEvents(
  ctx: AppContext,
  tx: Executor,
  organizationId: string,
  events: PatientEventInput[],
  origin: { source: 'csv' | 'api'; importId?: string | null } = { source: 'api' },
): Promise<RecordedEvents> {
  const inserted = await insertPatientEvents(tx, {
    organizationId,
    events: events.map((e) => ({ ...e, source: origin.source, importId: origin.importId ?? null })),
  })
  await markRollupsDirtyFor(tx, organizationId, { patientEventIds: inserted.map((e) => e.id) })
  // New discharges and visits get their survey invitations in the same transaction (nothing half-done).
  await inviteForEvents(ctx, tx, organizationId, inserted)
  return { inserted, duplicates: events.length - inserted.length }
}

/** The latest events with contact details masked (DESIGN.md §6): this list is for checking imports, not for calling. */
export async function recentPatientEvents(ctx: AppContext, organizationId: string) {
  const [rows, departments] = await Promise.all([listRecentPatientEvents(ctx.db, { organizationId, limit: 50 }), listDepartments(ctx.db, { organizationId })])
  const byId = new Map(departments.map((d) => [d.id, d]))
  return rows.map((e) => {
    const department = e.departmentId ? byId.get(e.departmentId) : undefined
    return {
      id: e.id,
      type: e.type,
      source: e.source,
      externalId: e.externalId,
      patientName: e.patientName ? maskName(e.patientName) : null,
      contact: e.phone ? maskPhone(e.phone) : e.email ? maskEmail(e.email) : null,
      department: department ? { name: department.name, nameEn: department.nameEn } : null,
      occurredAt: e.occurredAt,
    }
  })
}

// --- The JSON API (POST /api/v1/patient-events) ---

const optionalString = z.string().trim().max(200).optional().nullable()
const apiEventSchema = z.object({
  eventId: z.string().trim().min(1).max(200),
  type: z.enum(['discharge', 'visit']),
  patientName: optionalString,
  phone: optionalString,
  email: optionalString,
  department: optionalString,
  touchpoint: optionalString,
  occurredAt: z.string().trim().min(1).max(64),
  language: optionalString,
})

export interface ApiItemError {
  index: number
  field: string
  code: string
  message: { en: string; 'zh-CN': string }
}

export type ApiEventsResult =
  | { status: 200; body: { accepted: number; duplicates: number; ids: string[] } }
  | { status: 400; body: { error: string; errors: ApiItemError[] } }
  | { status: 413; body: { error: string } }

const ZOD_FIELD_CODES: Record<string, RowErrorCode | 'required' | 'invalid'> = { eventId: 'required', type: 'typeInvalid', occurredAt: 'timeRequired' }

function itemError(index: number, field: string, code: string): ApiItemError {
  const key = `surveys:events.errors.${code}`
  const en = translator('en')(key as never) as string
  const zh = translator('zh-CN')(key as never) as string
  return { index, field, code, message: { en, 'zh-CN': zh } }
}

/**
 * Validates every item first; any problem rejects the whole request (nothing stored), so the
 * sender can fix and resend the batch. Resending is safe: known event ids count as duplicates.
 */
export async function receiveApiPatientEvents(ctx: AppContext, organizationId: string, body: unknown): Promise<ApiEventsResult> {
  const items: unknown[] =
    body && typeof body === 'object' && !Array.isArray(body) && 'events' in body ? (Array.isArray(body.events) ? body.events : [body.events]) : Array.isArray(body) ? body : [body]
  if (items.length > API_MAX_EVENTS) return { status: 413, body: { error: `At most ${API_MAX_EVENTS} events per request.` } }
  if (items.length === 0) return { status: 400, body: { error: 'No events.', errors: [] } }

  const lookup = await loadEventLookup(ctx, ctx.db, organizationId)
  const errors: ApiItemError[] = []
  const events: PatientEventInput[] = []
  const seen = new Set<string>()
  items.forEach((item, index) => {
    const parsed = apiEventSchema.safeParse(item)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '')
        errors.push(itemError(index, field || 'event', ZOD_FIELD_CODES[field] ?? (issue.code === 'too_big' ? 'tooLong' : 'invalid')))
      }
      return
    }
    const e = parsed.data
    const raw: Partial<Record<EventField, string>> = {
      type: e.type,
      externalId: e.eventId,
      patientName: e.patientName ?? '',
      phone: e.phone ?? '',
      email: e.email ?? '',
      department: e.department ?? '',
      touchpoint: e.touchpoint ?? '',
      occurredAt: e.occurredAt,
      language: e.language ?? '',
    }
    const result = resolveEvent(raw, lookup, { requireOffset: true })
    for (const err of result.errors) errors.push(itemError(index, err.field === 'externalId' ? 'eventId' : err.field === 'language' ? 'language' : err.field, err.code))
    if (result.event) {
      // The same id twice in one request is one event, like a resend.
      if (!seen.has(e.eventId)) events.push(result.event)
      seen.add(e.eventId)
    }
  })
  if (errors.length) return { status: 400, body: { error: 'Some events are invalid; none were stored.', errors } }

  const recorded = await ctx.db.transaction((tx) => recordPatientEvents(ctx, tx, organizationId, events, { source: 'api' }))
  const ids = await findEventIdsByExternalId(ctx.db, { organizationId, externalIds: items.map((i) => (i as { eventId: string }).eventId.trim()) })
  return {
    status: 200,
    body: {
      accepted: recorded.inserted.length,
      duplicates: items.length - recorded.inserted.length,
      ids: items.map((i) => ids.get((i as { eventId: string }).eventId.trim()) ?? ''),
    },
  }
}
