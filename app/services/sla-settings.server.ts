import { z } from 'zod'
import { DEFAULT_SLA_SETTINGS, resolveSlaSettings, slaSettingsSchema, type SlaSettings, type SlaSettingsOverrides } from '#app/domain/sla.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { findSlaSettings, lockSlaSettings, updateSlaSettings } from '#db/queries/sla-settings.ts'
import { audit } from './audit.server.ts'

/**
 * A hospital's SLA settings (DESIGN.md §3, "defaults editable per hospital"). The form shows the
 * warning point in percent (1–99); the settings keep it as a fraction: converted here, at the
 * boundary. Only values that differ from the defaults are stored, so a later change of a default
 * reaches every hospital that never changed that value.
 */
export const SLA_FORM_FIELDS = [
  'firstContactWorkingDays',
  'urgentFirstContactWorkingHours',
  'answerWorkingDays',
  'multiDepartmentAnswerWorkingDays',
  'findingsWorkingDays',
  'warnAtPercent',
] as const
export type SlaFormField = (typeof SLA_FORM_FIELDS)[number]
/** The settings as the form shows them: whole numbers, the warning point in percent. */
export type SlaFormValues = Record<SlaFormField, number>

const SETTING_OF: Record<SlaFormField, keyof SlaSettings> = {
  firstContactWorkingDays: 'firstContactWorkingDays',
  urgentFirstContactWorkingHours: 'urgentFirstContactWorkingHours',
  answerWorkingDays: 'answerWorkingDays',
  multiDepartmentAnswerWorkingDays: 'multiDepartmentAnswerWorkingDays',
  findingsWorkingDays: 'findingsWorkingDays',
  warnAtPercent: 'warnAtFraction',
}
const FIELD_OF = Object.fromEntries(Object.entries(SETTING_OF).map(([field, setting]) => [setting, field])) as Record<keyof SlaSettings, SlaFormField>
const SETTING_KEYS = Object.keys(DEFAULT_SLA_SETTINGS) as (keyof SlaSettings)[]

/** The message for a field when zod's own is not one of ours (e.g. "abc" in a number field). */
const FALLBACK_ERROR: Record<SlaFormField, string> = {
  firstContactWorkingDays: 'cases:errors.slaWorkingDays',
  urgentFirstContactWorkingHours: 'cases:errors.slaWorkingHours',
  answerWorkingDays: 'cases:errors.slaWorkingDays',
  multiDepartmentAnswerWorkingDays: 'cases:errors.slaWorkingDays',
  findingsWorkingDays: 'cases:errors.slaWorkingDays',
  warnAtPercent: 'settings:sla.errors.warnPercent',
}
const TRANSLATION_KEY = /^[a-z]+:[\w.]+$/i

const warnAtPercentSchema = z
  .string()
  .trim()
  .regex(/^\d{1,2}$/, FALLBACK_ERROR.warnAtPercent)
  .transform(Number)
  .pipe(z.number().min(1, FALLBACK_ERROR.warnAtPercent).max(99, FALLBACK_ERROR.warnAtPercent))

export function toSlaForm(settings: SlaSettings): SlaFormValues {
  const values = Object.fromEntries(SLA_FORM_FIELDS.map((f) => [f, settings[SETTING_OF[f]]])) as SlaFormValues
  return { ...values, warnAtPercent: Math.round(settings.warnAtFraction * 100) }
}

/** Only the values that differ from the defaults. */
function overridesOf(settings: SlaSettings): SlaSettingsOverrides {
  return Object.fromEntries(SETTING_KEYS.filter((k) => settings[k] !== DEFAULT_SLA_SETTINGS[k]).map((k) => [k, settings[k]]))
}

export interface SlaSettingsView {
  /** In force now (the defaults with the hospital's changes). */
  values: SlaFormValues
  defaults: SlaFormValues
  /** Which fields still have their default value. */
  isDefault: Record<SlaFormField, boolean>
  /** The settings themselves (fraction, not percent), for services. */
  settings: SlaSettings
}

export async function loadSlaSettings(ctx: AppContext, organizationId: string): Promise<SlaSettingsView> {
  const settings = resolveSlaSettings(await findSlaSettings(ctx.db, { organizationId }))
  const values = toSlaForm(settings)
  const defaults = toSlaForm(DEFAULT_SLA_SETTINGS)
  const isDefault = Object.fromEntries(SLA_FORM_FIELDS.map((f) => [f, values[f] === defaults[f]])) as Record<SlaFormField, boolean>
  return { values, defaults, isDefault, settings }
}

/** Field errors as translation keys (`cases:errors.*`, `settings:sla.errors.*`). */
export type SlaFieldErrors = Partial<Record<SlaFormField, string>>

/** Reads the posted form into complete settings, or says what is wrong with each field. */
export function parseSlaForm(form: Record<string, unknown>): { ok: true; settings: SlaSettings } | { ok: false; errors: SlaFieldErrors } {
  const errors: SlaFieldErrors = {}
  const percent = warnAtPercentSchema.safeParse(typeof form.warnAtPercent === 'string' ? form.warnAtPercent : '')
  if (!percent.success) errors.warnAtPercent = FALLBACK_ERROR.warnAtPercent
  const candidate: Record<string, unknown> = Object.fromEntries(SLA_FORM_FIELDS.filter((f) => f !== 'warnAtPercent').map((f) => [f, typeof form[f] === 'string' ? (form[f] as string).trim() || undefined : undefined]))
  candidate.warnAtFraction = percent.success ? percent.data / 100 : DEFAULT_SLA_SETTINGS.warnAtFraction
  const parsed = slaSettingsSchema.safeParse(candidate)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF[issue.path[0] as keyof SlaSettings]
      if (!field || errors[field]) continue
      errors[field] = field !== 'warnAtPercent' && TRANSLATION_KEY.test(issue.message) ? issue.message : FALLBACK_ERROR[field]
    }
  }
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors }
  return { ok: true, settings: parsed.data }
}

export type SaveSlaSettingsResult = { ok: true; changed: boolean } | { ok: false; errors: SlaFieldErrors }

/**
 * Saves the hospital's SLA settings from the posted form; audited with before and after. Clocks
 * already running keep their length: only clocks started after saving use the new values.
 */
export async function saveSlaSettings(ctx: AppContext, actor: { organizationId: string; actorUserId: string }, form: Record<string, unknown>): Promise<SaveSlaSettingsResult> {
  const parsed = parseSlaForm(form)
  if (!parsed.ok) return parsed
  const next = overridesOf(parsed.settings)
  return ctx.db.transaction(async (tx) => {
    const stored = await lockSlaSettings(tx, { organizationId: actor.organizationId })
    if (stored === undefined) throw new Error('hospital disappeared while being edited')
    const before = resolveSlaSettings(stored)
    const after = resolveSlaSettings(next)
    if (SETTING_KEYS.every((k) => before[k] === after[k])) return { ok: true as const, changed: false }
    await updateSlaSettings(tx, { organizationId: actor.organizationId, slaSettings: next, now: ctx.clock.now() })
    await audit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.actorUserId,
      action: 'settings.sla_updated',
      entityType: 'organization',
      entityId: actor.organizationId,
      before,
      after,
    })
    return { ok: true as const, changed: true }
  })
}
