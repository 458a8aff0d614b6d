import { CASE_ACTION_TYPES, type CaseActionInput, type CaseActionType } from '#app/domain/case-actions.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { performCaseAction } from './case-actions.server.ts'
import { findCaseForViewer } from './case-view.server.ts'

/**
 * The case page's action forms post plain fields (no JavaScript): this turns them into the
 * action objects performCaseAction validates. Only the shape changes here — 'true'/'false' to
 * booleans, `to` to a hand-over target, empty choices to null; the rules check the rest.
 */

/** What the user sent, kept to fill the form again after a refusal. */
export type ActionFormValues = Record<string, string | string[]>

/** Fields posted more than once (checkboxes). */
const MULTI = new Set(['departmentIds'])
const NOT_VALUES = new Set(['csrf', 'intent'])

export function actionFormValues(form: FormData): ActionFormValues {
  const values: ActionFormValues = {}
  for (const [key, value] of form) {
    if (NOT_VALUES.has(key) || typeof value !== 'string') continue
    if (MULTI.has(key)) values[key] = [...((values[key] as string[] | undefined) ?? []), value]
    else values[key] = value
  }
  return values
}

export type ParsedActionForm = { ok: true; type: CaseActionType; input: CaseActionInput | Record<string, unknown> } | { ok: false; error: string; field?: string }

const one = (values: ActionFormValues, key: string): string | undefined => {
  const v = values[key]
  return Array.isArray(v) ? v[0] : v
}
const many = (values: ActionFormValues, key: string): string[] => {
  const v = values[key]
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}
/** A yes/no radio: undefined when neither was chosen (the schema then says what is missing). */
const yesNo = (v: string | undefined) => (v === 'true' ? true : v === 'false' ? false : undefined)
/** An optional select: "none" is null. */
const optionalId = (v: string | undefined) => (v ? v : null)

/** A hand-over or assignment target as the select posts it: `department:<id>` or `user:<id>`. */
export function parseTarget(value: string | undefined) {
  const m = value?.match(/^(department|user):([\w-]+)$/)
  if (!m) return undefined
  return m[1] === 'department' ? { kind: 'department' as const, departmentId: m[2]! } : { kind: 'user' as const, userId: m[2]! }
}

export const targetValue = (target: { kind: 'department'; departmentId: string } | { kind: 'user'; userId: string }) =>
  target.kind === 'department' ? `department:${target.departmentId}` : `user:${target.userId}`

/** The action a case-page form describes; refusals are translation keys with the field they belong to. */
export function caseActionFromForm(values: ActionFormValues): ParsedActionForm {
  const type = one(values, 'type')
  if (!type || !(CASE_ACTION_TYPES as readonly string[]).includes(type)) return { ok: false, error: 'cases:errors.unknownAction' }
  const actionType = type as CaseActionType
  const text = (key: string) => one(values, key) ?? ''
  const ok = (input: Record<string, unknown>): ParsedActionForm => ({ ok: true, type: actionType, input: { type: actionType, ...input } })
  switch (actionType) {
    case 'accept':
    case 'startInvestigation':
    case 'resume':
      return ok({ note: text('note') })
    case 'decline':
      return ok({ reason: text('reason'), via: one(values, 'via') })
    case 'involveDepartments':
      return ok({ departmentIds: many(values, 'departmentIds').filter(Boolean) })
    case 'recordFindings':
      return ok({ departmentId: text('departmentId'), findings: text('findings') })
    case 'respond':
      return ok({ answer: text('answer'), via: one(values, 'via') })
    case 'close':
      return ok({
        finding: text('finding'),
        valid: yesNo(one(values, 'valid')),
        attributedDepartmentId: optionalId(one(values, 'attributedDepartmentId')),
        attributedUserId: optionalId(one(values, 'attributedUserId')),
        remedy: text('remedy'),
        answer: text('answer'),
      })
    case 'reopen':
      return ok({ newInformation: text('newInformation') })
    case 'hold':
      return ok({ reason: text('reason') })
    case 'resolveOnTheSpot':
      return ok({ whatWasDone: text('whatWasDone') })
    case 'handOver':
    case 'assign': {
      const to = parseTarget(one(values, 'to'))
      if (!to) return { ok: false, error: 'casePage:errors.targetRequired', field: 'to' }
      return ok({ to, note: text('note') })
    }
    case 'setUrgency':
      return ok({ urgent: yesNo(one(values, 'urgent')), note: text('note') })
  }
}

export type FormActionResult = { ok: true; type: CaseActionType } | { ok: false; notFound: true } | { ok: false; notFound?: false; error: string; field: string | null; params?: { max: number } }

/**
 * A case-page action form, end to end: the case must be one the viewer may see (otherwise it
 * does not exist for them), then the fields become an action for performCaseAction.
 */
export async function performCaseActionForm(
  ctx: AppContext,
  { organizationId, actorUserId }: { organizationId: string; actorUserId: string },
  caseId: string,
  values: ActionFormValues,
): Promise<FormActionResult> {
  const found = await findCaseForViewer(ctx.db, { organizationId, userId: actorUserId }, caseId)
  if (!found) return { ok: false, notFound: true }
  const parsed = caseActionFromForm(values)
  if (!parsed.ok) return { ok: false, error: parsed.error, field: parsed.field ?? null }
  const result = await performCaseAction(ctx, { organizationId, actorUserId }, found.case.id, parsed.input)
  if (result.ok) return { ok: true, type: parsed.type }
  if (result.notFound) return { ok: false, notFound: true }
  return { ok: false, error: result.error, field: result.field ?? null, ...(result.params ? { params: result.params } : {}) }
}
