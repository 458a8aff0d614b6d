import { boardSettingsOf, DEFAULT_BOARD_SETTINGS, type BoardSettings, type BoardSettingsOverrides } from '#app/domain/board-settings.ts'
import { EVALUATION_PARTS, round2, validateWeights, type EvaluationPart } from '#app/domain/evaluation.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { findBoardSettings, updateBoardSettings } from '#db/queries/evaluation.ts'
import { audit } from './audit.server.ts'

/**
 * A hospital's board settings (DESIGN.md §5): evaluation weights, the public board switch and the
 * minimum responses for a score. The form shows weights in percent; the settings keep fractions.
 * Only values that differ from the defaults are stored, so a changed default reaches every
 * hospital that never changed that value.
 */

export interface BoardSettingsForm {
  satisfaction: string
  complaintRate: string
  onTime: string
  publicBoard: boolean
  minResponses: string
}

export function toBoardSettingsForm(settings: BoardSettings): BoardSettingsForm {
  const percent = (w: number) => String(round2(w * 100))
  return {
    satisfaction: percent(settings.weights.satisfaction),
    complaintRate: percent(settings.weights.complaintRate),
    onTime: percent(settings.weights.onTime),
    publicBoard: settings.publicBoard,
    minResponses: String(settings.minResponses),
  }
}

export async function loadBoardSettings(ctx: AppContext, { organizationId }: { organizationId: string }): Promise<BoardSettings> {
  return boardSettingsOf(await findBoardSettings(ctx.db, { organizationId }))
}

/** Field errors as translation keys (`evaluation:errors.*`). */
export type BoardSettingsErrors = Partial<Record<EvaluationPart | 'sum' | 'minResponses', string>>

const PERCENT = /^\d{1,3}(\.\d{1,2})?$/

/** Reads the posted form into complete settings, or says what is wrong with each field. */
export function parseBoardSettingsForm(form: Record<string, unknown>): { ok: true; settings: BoardSettings } | { ok: false; errors: BoardSettingsErrors } {
  const errors: BoardSettingsErrors = {}
  const text = (field: string) => (typeof form[field] === 'string' ? (form[field] as string).trim() : '')
  const weights = {} as Record<EvaluationPart, number>
  for (const part of EVALUATION_PARTS) {
    const raw = text(part)
    weights[part] = PERCENT.test(raw) ? Number(raw) / 100 : Number.NaN
  }
  const checked = validateWeights(weights)
  if (!checked.ok) Object.assign(errors, checked.errors)
  const minRaw = text('minResponses')
  const minResponses = /^\d{1,4}$/.test(minRaw) ? Number(minRaw) : Number.NaN
  if (!(minResponses >= 1 && minResponses <= 1000)) errors.minResponses = 'evaluation:errors.minResponses'
  if (!checked.ok || Object.keys(errors).length) return { ok: false, errors }
  // A checkbox posts its value only when ticked.
  return { ok: true, settings: { publicBoard: form.publicBoard === 'on' || form.publicBoard === 'true', minResponses, weights: checked.weights } }
}

/** Only the values that differ from the defaults. */
function overridesOf(settings: BoardSettings): BoardSettingsOverrides {
  const overrides: BoardSettingsOverrides = {}
  if (settings.publicBoard !== DEFAULT_BOARD_SETTINGS.publicBoard) overrides.publicBoard = settings.publicBoard
  if (settings.minResponses !== DEFAULT_BOARD_SETTINGS.minResponses) overrides.minResponses = settings.minResponses
  if (EVALUATION_PARTS.some((p) => settings.weights[p] !== DEFAULT_BOARD_SETTINGS.weights[p])) overrides.weights = settings.weights
  return overrides
}

/** Both resolved through boardSettingsOf, so their keys come in the same order. */
const same = (a: BoardSettings, b: BoardSettings) => JSON.stringify(a) === JSON.stringify(b)

export type SaveBoardSettingsResult = { ok: true; changed: boolean } | { ok: false; errors: BoardSettingsErrors }

/** Saves the posted settings; audited with before and after. Closed months keep the weights they were closed with. */
export async function saveBoardSettings(ctx: AppContext, actor: { organizationId: string; actorUserId: string }, form: Record<string, unknown>): Promise<SaveBoardSettingsResult> {
  const parsed = parseBoardSettingsForm(form)
  if (!parsed.ok) return parsed
  const next = overridesOf(parsed.settings)
  return ctx.db.transaction(async (tx) => {
    const before = boardSettingsOf(await findBoardSettings(tx, { organizationId: actor.organizationId, forUpdate: true }))
    const after = boardSettingsOf(next)
    if (same(before, after)) return { ok: true as const, changed: false }
    await updateBoardSettings(tx, { organizationId: actor.organizationId, boardSettings: next, now: ctx.clock.now() })
    await audit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.actorUserId,
      action: 'settings.boards_updated',
      entityType: 'organization',
      entityId: actor.organizationId,
      before,
      after,
    })
    return { ok: true as const, changed: true }
  })
}
