import { z } from 'zod'
import { isUuid, optionalText } from '#app/domain/form-fields.ts'
import { DEPARTMENT_TYPES } from '#app/domain/departments.ts'
import { sortAsTree, wouldCreateCycle } from '#app/domain/department-tree.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { violatedUniqueConstraint } from '#db/errors.ts'
import { countTouchpointsByDepartment, findDepartment, insertDepartment, listDepartments, updateDepartment } from '#db/queries/departments.ts'
import { audit } from './audit.server.ts'

export const departmentInputSchema = z.object({
  name: z.string().trim().min(1, 'common:errors.required').max(50, 'common:errors.tooLong'),
  nameEn: optionalText(80),
  type: z.enum(DEPARTMENT_TYPES, { message: 'common:errors.required' }),
  parentId: z
    .string()
    .transform((v) => (v === '' ? null : v))
    .pipe(z.string().uuid('departments:errors.parentInvalid').nullable())
    .optional(),
  active: z
    .union([z.literal('on'), z.literal('true'), z.literal('false'), z.undefined()])
    .transform((v) => v === 'on' || v === 'true')
    .optional(),
  sortOrder: z.coerce.number().int().min(0).max(9999).optional(),
})
export type DepartmentInput = z.infer<typeof departmentInputSchema>

export type DepartmentError = 'duplicateName' | 'parentInvalid' | 'parentCycle'
type Actor = { organizationId: string; actorUserId: string }

const isNameTaken = (e: unknown) => violatedUniqueConstraint(e) === 'departments_org_name_uq'

export async function listDepartmentTree(ctx: AppContext, { organizationId }: { organizationId: string }) {
  const [rows, touchpointCounts] = await Promise.all([listDepartments(ctx.db, { organizationId }), countTouchpointsByDepartment(ctx.db, { organizationId })])
  return sortAsTree(rows).map((d) => ({ ...d, touchpointCount: touchpointCounts.get(d.id) ?? 0 }))
}

export function getDepartment(ctx: AppContext, { organizationId, departmentId }: { organizationId: string; departmentId: string }) {
  if (!isUuid(departmentId)) return Promise.resolve(undefined)
  return findDepartment(ctx.db, { organizationId, departmentId })
}

async function checkParent(ctx: AppContext, organizationId: string, departmentId: string | null, parentId: string | null | undefined): Promise<DepartmentError | null> {
  if (!parentId) return null
  const all = await listDepartments(ctx.db, { organizationId })
  if (!all.some((d) => d.id === parentId)) return 'parentInvalid'
  if (departmentId && wouldCreateCycle(all, departmentId, parentId)) return 'parentCycle'
  return null
}

export async function createDepartment(ctx: AppContext, actor: Actor, input: DepartmentInput): Promise<{ ok: true; id: string } | { ok: false; error: DepartmentError }> {
  const parentError = await checkParent(ctx, actor.organizationId, null, input.parentId)
  if (parentError) return { ok: false, error: parentError }
  try {
    const created = await ctx.db.transaction(async (tx) => {
      const row = await insertDepartment(tx, {
        organizationId: actor.organizationId,
        name: input.name,
        nameEn: input.nameEn ?? null,
        type: input.type,
        parentId: input.parentId ?? null,
        sortOrder: input.sortOrder ?? 0,
      })
      await audit(tx, { organizationId: actor.organizationId, actorUserId: actor.actorUserId, action: 'department.created', entityType: 'department', entityId: row.id, after: row })
      return row
    })
    return { ok: true, id: created.id }
  } catch (e) {
    if (isNameTaken(e)) return { ok: false, error: 'duplicateName' }
    throw e
  }
}

export async function editDepartment(
  ctx: AppContext,
  actor: Actor,
  departmentId: string,
  input: DepartmentInput,
): Promise<{ ok: true } | { ok: false; error: DepartmentError | 'notFound' }> {
  const before = await findDepartment(ctx.db, { organizationId: actor.organizationId, departmentId })
  if (!before) return { ok: false, error: 'notFound' }
  const parentError = await checkParent(ctx, actor.organizationId, departmentId, input.parentId)
  if (parentError) return { ok: false, error: parentError }
  try {
    await ctx.db.transaction(async (tx) => {
      const after = await updateDepartment(tx, {
        organizationId: actor.organizationId,
        departmentId,
        name: input.name,
        nameEn: input.nameEn ?? null,
        type: input.type,
        parentId: input.parentId ?? null,
        active: input.active ?? false,
        sortOrder: input.sortOrder ?? before.sortOrder,
      })
      await audit(tx, { organizationId: actor.organizationId, actorUserId: actor.actorUserId, action: 'department.updated', entityType: 'department', entityId: departmentId, before, after })
    })
    return { ok: true }
  } catch (e) {
    if (isNameTaken(e)) return { ok: false, error: 'duplicateName' }
    throw e
  }
}
