import { FormDataParseError, MaxFileSizeExceededError, MaxFilesExceededError, MaxPartsExceededError, MaxTotalSizeExceededError, parseFormData } from '@remix-run/form-data-parser'
import { z } from 'zod'
import { decodeCsvBytes, parseCsv } from '#app/domain/csv.ts'
import {
  EVENT_FIELDS,
  guessMapping,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  parseEventRows,
  PREVIEW_ROWS,
  type ColumnMapping,
  type EventField,
  type RowError,
} from '#app/domain/patient-event-rows.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { sanitizeFileName } from '#app/lib/uploads.server.ts'
import { findPatientEventImport, insertPatientEventImport, listPatientEventImports, lockPatientEventImport, updatePatientEventImport, type PatientEventImport } from '#db/queries/patient-events.ts'
import { audit } from './audit.server.ts'
import { loadEventLookup, recordPatientEvents } from './patient-events.server.ts'

/**
 * CSV import of discharges and visits: upload (kept as text rows on the import, nothing stored
 * as events) → column mapping → preview with every row's errors → import in one transaction.
 * A file with any error imports nothing. The insert runs inside the request: PostgreSQL stores
 * 50,000 rows in a few seconds, so the page shows a finished <progress> rather than polling.
 */
type Actor = { organizationId: string; actorUserId: string }

/** What the import row keeps in its `mapping` column until the import is done. */
interface ImportData {
  headers: string[]
  /** The file's data rows; cleared once imported so patient details are not kept twice. */
  rows: string[][]
  columns: ColumnMapping
  duplicates?: number
}

export type UploadError = 'fileRequired' | 'fileTooLarge' | 'fileType' | 'fileEmpty' | 'tooManyRows'

const REQUEST_LIMIT = IMPORT_MAX_BYTES + 64 * 1024

/** Reads the uploaded CSV and stores it as a previewed import. */
export async function uploadPatientEventFile(ctx: AppContext, actor: Actor, request: Request): Promise<{ ok: true; importId: string } | { ok: false; error: UploadError }> {
  if (Number(request.headers.get('content-length') ?? 0) > REQUEST_LIMIT) return { ok: false, error: 'fileTooLarge' }
  let file: { name: string; bytes: Uint8Array } | undefined
  try {
    await parseFormData(request, { maxFiles: 1, maxParts: 10, maxFileSize: IMPORT_MAX_BYTES, maxTotalSize: REQUEST_LIMIT }, async (upload) => {
      if (upload.fieldName !== 'file') return null
      file = { name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) }
      return null
    })
  } catch (e) {
    if (e instanceof MaxFileSizeExceededError || e instanceof MaxTotalSizeExceededError) return { ok: false, error: 'fileTooLarge' }
    if (e instanceof MaxFilesExceededError || e instanceof MaxPartsExceededError || e instanceof FormDataParseError) return { ok: false, error: 'fileRequired' }
    throw e
  }
  if (!file || file.bytes.length === 0) return { ok: false, error: 'fileRequired' }
  // A CSV is text: a NUL byte means a spreadsheet or some other binary file.
  if (!/\.(csv|txt)$/i.test(file.name) || file.bytes.subarray(0, 8192).includes(0)) return { ok: false, error: 'fileType' }
  const [header, ...rows] = parseCsv(decodeCsvBytes(file.bytes))
  if (!header || rows.length === 0) return { ok: false, error: 'fileEmpty' }
  if (rows.length > IMPORT_MAX_ROWS) return { ok: false, error: 'tooManyRows' }
  const headers = header.map((h) => h.trim())
  const data: ImportData = { headers, rows, columns: guessMapping(headers) }
  const row = await insertPatientEventImport(ctx.db, {
    organizationId: actor.organizationId,
    fileName: sanitizeFileName(file.name),
    status: 'previewed',
    totalRows: rows.length,
    mapping: data,
    createdByUserId: actor.actorUserId,
  })
  return { ok: true, importId: row.id }
}

const columnChoice = z.string().regex(/^\d{0,4}$/).default('')
export const columnMappingSchema = z.object({
  ...(Object.fromEntries(EVENT_FIELDS.map((f) => [f, columnChoice])) as Record<EventField, typeof columnChoice>),
  fixedType: z.enum(['discharge', 'visit', '']).default(''),
})

function importData(row: PatientEventImport): ImportData {
  return row.mapping as ImportData
}

/** Undefined when the import is not this hospital's. */
export async function patientEventImportPreview(ctx: AppContext, organizationId: string, importId: string) {
  if (!z.uuid().safeParse(importId).success) return undefined
  const row = await findPatientEventImport(ctx.db, { organizationId, importId })
  if (!row) return undefined
  const data = importData(row)
  const base = {
    id: row.id,
    fileName: row.fileName,
    status: row.status,
    totalRows: row.totalRows,
    importedRows: row.importedRows,
    duplicates: data.duplicates ?? 0,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    headers: data.headers,
    columns: data.columns,
  }
  if (row.status !== 'previewed') return { ...base, preview: [], errors: (row.errors as RowError[] | null) ?? [], validRows: 0 }
  const lookup = await loadEventLookup(ctx, ctx.db, organizationId)
  const parsed = parseEventRows(data.rows, data.columns, lookup)
  const names = new Map(lookup.departments.map((d) => [d.id, { name: d.name, nameEn: d.nameEn }]))
  const touchpoints = new Map(lookup.touchpoints.map((p) => [p.id, { name: p.name, nameEn: p.nameEn }]))
  const preview = parsed.events.slice(0, PREVIEW_ROWS).map((e) => ({
    ...e,
    department: e.departmentId ? (names.get(e.departmentId) ?? null) : null,
    touchpoint: e.touchpointId ? (touchpoints.get(e.touchpointId) ?? null) : null,
  }))
  return { ...base, preview, errors: parsed.errors, validRows: parsed.events.length }
}

export async function saveImportMapping(ctx: AppContext, actor: Actor, importId: string, columns: ColumnMapping) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockPatientEventImport(tx, { organizationId: actor.organizationId, importId })
    if (!row) return 'notFound' as const
    if (row.status !== 'previewed') return 'done' as const
    const data = importData(row)
    // A column number beyond the file's columns means "not in the file".
    const clean = { ...columns }
    for (const f of EVENT_FIELDS) if (clean[f] !== '' && Number(clean[f]) >= data.headers.length) clean[f] = ''
    await updatePatientEventImport(tx, { organizationId: actor.organizationId, importId, mapping: { ...data, columns: clean } })
    return 'saved' as const
  })
}

export type ImportOutcome = { ok: true; imported: number; duplicates: number } | { ok: false; reason: 'notFound' | 'done' | 'hasErrors'; errors?: number }

/** Imports every row in one transaction, or nothing when any row has an error. */
export async function runPatientEventImport(ctx: AppContext, actor: Actor, importId: string): Promise<ImportOutcome> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockPatientEventImport(tx, { organizationId: actor.organizationId, importId })
    if (!row) return { ok: false, reason: 'notFound' }
    if (row.status !== 'previewed') return { ok: false, reason: 'done' }
    const data = importData(row)
    const parsed = parseEventRows(data.rows, data.columns, await loadEventLookup(ctx, tx, actor.organizationId))
    if (parsed.errors.length) return { ok: false, reason: 'hasErrors', errors: parsed.errors.length }
    const events = parsed.events.map(({ row: _row, ...e }) => e)
    const recorded = await recordPatientEvents(ctx, tx, actor.organizationId, events, { source: 'csv', importId })
    const imported = recorded.inserted.length
    await updatePatientEventImport(tx, {
      organizationId: actor.organizationId,
      importId,
      status: 'imported',
      importedRows: imported,
      completedAt: ctx.clock.now(),
      mapping: { headers: data.headers, rows: [], columns: data.columns, duplicates: recorded.duplicates },
      errors: null,
    })
    await audit(tx, {
      ...actor,
      action: 'patient_events.imported',
      entityType: 'patient_event_import',
      entityId: importId,
      after: { fileName: row.fileName, totalRows: row.totalRows, imported, duplicates: recorded.duplicates },
    })
    return { ok: true, imported, duplicates: recorded.duplicates }
  })
}

export async function recentPatientEventImports(ctx: AppContext, organizationId: string) {
  return listPatientEventImports(ctx.db, { organizationId })
}
