import { z } from 'zod'
import { isUuid, optionalText } from '#app/domain/form-fields.ts'
import { sortAsTree, withDescendants } from '#app/domain/department-tree.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { newPublicCode } from '#app/lib/public-code.server.ts'
import { listDepartments, type Department } from '#db/queries/departments.ts'
import { violatedUniqueConstraint } from '#db/errors.ts'
import { findTouchpoint, insertTouchpoint, listTouchpoints, publicCodeExists, touchpointNameTaken, updateTouchpoint } from '#db/queries/touchpoints.ts'
import { audit } from './audit.server.ts'

export const touchpointInputSchema = z.object({
  name: z.string().trim().min(1, 'common:errors.required').max(50, 'common:errors.tooLong'),
  nameEn: optionalText(80),
  departmentId: z.string().min(1, 'touchpoints:errors.departmentRequired').uuid('touchpoints:errors.departmentInvalid'),
  active: z
    .union([z.literal('on'), z.literal('true'), z.literal('false'), z.undefined()])
    .transform((v) => v === 'on' || v === 'true')
    .optional(),
})
export type TouchpointInput = z.infer<typeof touchpointInputSchema>

/** The list filter from the query string; anything that is not a department id means "all". */
export const touchpointFilterSchema = z.object({
  department: z.string().uuid().optional().catch(undefined),
})

export type TouchpointError = 'duplicateName' | 'departmentInvalid'
type Actor = { organizationId: string; actorUserId: string }

/** How often a fresh code may collide before we give up (31^6 ≈ 887 million codes). */
const CODE_ATTEMPTS = 8

const isCodeTaken = (e: unknown) => violatedUniqueConstraint(e) === 'touchpoints_public_code_uq'
const isNameTaken = (e: unknown) => violatedUniqueConstraint(e) === 'touchpoints_department_name_uq'


/** The address printed in the touchpoint's QR code. */
export function patientUrl(ctx: AppContext, publicCode: string) {
  return `${ctx.config.publicUrl}/q/${publicCode}`
}

/** Department choices, as an indented tree; `includeId` keeps a now-inactive current department selectable. */
function departmentOptions(departments: Department[], includeId?: string) {
  return sortAsTree(departments)
    .filter((d) => d.active || d.id === includeId)
    .map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn, depth: d.depth, active: d.active }))
}

/**
 * The touchpoint list with its department filter. Filtering by a department includes the
 * departments nested under it (a campus shows all of its wards).
 */
export async function listTouchpointsPage(ctx: AppContext, { organizationId, departmentId }: { organizationId: string; departmentId?: string | undefined }) {
  const departments = await listDepartments(ctx.db, { organizationId })
  const filter = departmentId && departments.some((d) => d.id === departmentId) ? departmentId : undefined
  const rows = await listTouchpoints(ctx.db, { organizationId, ...(filter ? { departmentIds: withDescendants(departments, filter) } : {}) })
  return {
    touchpoints: rows.map((r) => ({
      id: r.touchpoint.id,
      name: r.touchpoint.name,
      nameEn: r.touchpoint.nameEn,
      publicCode: r.touchpoint.publicCode,
      patientUrl: patientUrl(ctx, r.touchpoint.publicCode),
      active: r.touchpoint.active,
      departmentName: r.departmentName,
      departmentNameEn: r.departmentNameEn,
    })),
    /** Every department (inactive ones too) for the filter; only active ones for the create form. */
    filterOptions: sortAsTree(departments).map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn, depth: d.depth, active: d.active })),
    departmentOptions: departmentOptions(departments),
    filter: filter ?? null,
  }
}

export async function getTouchpoint(ctx: AppContext, { organizationId, touchpointId }: { organizationId: string; touchpointId: string }) {
  if (!isUuid(touchpointId)) return undefined
  const touchpoint = await findTouchpoint(ctx.db, { organizationId, touchpointId })
  if (!touchpoint) return undefined
  const departments = await listDepartments(ctx.db, { organizationId })
  return {
    touchpoint,
    patientUrl: patientUrl(ctx, touchpoint.publicCode),
    departmentOptions: departmentOptions(departments, touchpoint.departmentId),
  }
}

/** A department may receive a touchpoint when it is this hospital's and active (or already the touchpoint's). */
async function checkDepartment(ctx: AppContext, organizationId: string, departmentId: string, currentDepartmentId?: string): Promise<TouchpointError | null> {
  const departments = await listDepartments(ctx.db, { organizationId })
  const department = departments.find((d) => d.id === departmentId)
  if (!department) return 'departmentInvalid'
  if (!department.active && department.id !== currentDepartmentId) return 'departmentInvalid'
  return null
}

/** A code no touchpoint of any hospital has; a collision (even a concurrent one) means another try. */
async function withFreshCode<T>(ctx: AppContext, write: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const code = newPublicCode()
    if (await publicCodeExists(ctx.db, code)) {
      if (attempt >= CODE_ATTEMPTS) throw new Error('could not find a free touchpoint code')
      continue
    }
    try {
      return await write(code)
    } catch (e) {
      if (!isCodeTaken(e) || attempt >= CODE_ATTEMPTS) throw e
    }
  }
}

export async function createTouchpoint(ctx: AppContext, actor: Actor, input: TouchpointInput): Promise<{ ok: true; id: string; publicCode: string } | { ok: false; error: TouchpointError }> {
  const departmentError = await checkDepartment(ctx, actor.organizationId, input.departmentId)
  if (departmentError) return { ok: false, error: departmentError }
  if (await touchpointNameTaken(ctx.db, { organizationId: actor.organizationId, departmentId: input.departmentId, name: input.name })) return { ok: false, error: 'duplicateName' }
  let created
  try {
    created = await withFreshCode(ctx, (publicCode) =>
    ctx.db.transaction(async (tx) => {
      const row = await insertTouchpoint(tx, {
        organizationId: actor.organizationId,
        departmentId: input.departmentId,
        name: input.name,
        nameEn: input.nameEn ?? null,
        publicCode,
      })
      await audit(tx, { organizationId: actor.organizationId, actorUserId: actor.actorUserId, action: 'touchpoint.created', entityType: 'touchpoint', entityId: row.id, after: row })
      return row
    }),
    )
  } catch (e) {
    // Two people adding the same name at once: the database index decides.
    if (isNameTaken(e)) return { ok: false, error: 'duplicateName' }
    throw e
  }
  return { ok: true, id: created.id, publicCode: created.publicCode }
}

export async function editTouchpoint(
  ctx: AppContext,
  actor: Actor,
  touchpointId: string,
  input: TouchpointInput,
): Promise<{ ok: true; name: string } | { ok: false; error: TouchpointError | 'notFound' }> {
  if (!isUuid(touchpointId)) return { ok: false, error: 'notFound' }
  const before = await findTouchpoint(ctx.db, { organizationId: actor.organizationId, touchpointId })
  if (!before) return { ok: false, error: 'notFound' }
  const departmentError = await checkDepartment(ctx, actor.organizationId, input.departmentId, before.departmentId)
  if (departmentError) return { ok: false, error: departmentError }
  if (await touchpointNameTaken(ctx.db, { organizationId: actor.organizationId, departmentId: input.departmentId, name: input.name, exceptTouchpointId: touchpointId })) {
    return { ok: false, error: 'duplicateName' }
  }
  const next = { name: input.name, nameEn: input.nameEn ?? null, departmentId: input.departmentId, active: input.active ?? false }
  if ((Object.keys(next) as (keyof typeof next)[]).every((k) => before[k] === next[k])) return { ok: true, name: input.name }
  try {
    await ctx.db.transaction(async (tx) => {
      const after = await updateTouchpoint(tx, { organizationId: actor.organizationId, touchpointId, ...next })
      await audit(tx, { organizationId: actor.organizationId, actorUserId: actor.actorUserId, action: 'touchpoint.updated', entityType: 'touchpoint', entityId: touchpointId, before, after })
    })
  } catch (e) {
    if (isNameTaken(e)) return { ok: false, error: 'duplicateName' }
    throw e
  }
  return { ok: true, name: input.name }
}

/** A new public code: the old QR URL stops working, so printed posters must be replaced. */
export async function regenerateTouchpointCode(ctx: AppContext, actor: Actor, touchpointId: string): Promise<{ ok: true; publicCode: string } | { ok: false; error: 'notFound' }> {
  if (!isUuid(touchpointId)) return { ok: false, error: 'notFound' }
  const before = await findTouchpoint(ctx.db, { organizationId: actor.organizationId, touchpointId })
  if (!before) return { ok: false, error: 'notFound' }
  const after = await withFreshCode(ctx, (publicCode) =>
    ctx.db.transaction(async (tx) => {
      const row = await updateTouchpoint(tx, { organizationId: actor.organizationId, touchpointId, publicCode })
      if (!row) return undefined
      await audit(tx, {
        organizationId: actor.organizationId,
        actorUserId: actor.actorUserId,
        action: 'touchpoint.code_regenerated',
        entityType: 'touchpoint',
        entityId: touchpointId,
        before: { name: before.name, publicCode: before.publicCode },
        after: { name: before.name, publicCode },
      })
      return row
    }),
  )
  if (!after) return { ok: false, error: 'notFound' }
  return { ok: true, publicCode: after.publicCode }
}
