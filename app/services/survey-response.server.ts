import { z } from 'zod'
import type { Locale } from '#app/domain/locales.ts'
import { complaintFieldName, lowScoreFindings, surveyAnswersSchema, validateAnswers, type LowScoreFinding, type RawAnswers } from '#app/domain/survey-answers.ts'
import { canMove } from '#app/domain/survey-invitation.ts'
import type { SurveyQuestion, SurveyTemplateContent } from '#app/domain/survey-template.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashToken } from '#app/lib/tokens.server.ts'
import type { Executor } from '#db/executor.ts'
import { findInvitationByTokenHash, findResponseByInvitation, moveInvitation, saveResponse, type SurveyInvitation } from '#db/queries/survey-responses.ts'
import { runSurveyClosedLoop } from './survey-closed-loop.server.ts'
import { markRollupsDirtyFor } from './board-rollups.server.ts'

/**
 * The respondent's side of a follow-up survey (/s/:token): open it, save answers page by
 * page, complete it once. The link is the only key; nothing about staff is shown.
 */

/** Survey tokens are URL-safe random strings; anything else cannot open a page. */
const TOKEN_SHAPE = /^[\w-]{20,128}$/

/** Form field name → posted values (question ids and `<id>.complaint`), as the form shows them again. */
export type SurveyValues = Record<string, string[]>

export interface SurveyHospital {
  name: string
  nameEn: string | null
}

export type ClosedState = 'expired' | 'completed'

export type SurveyView =
  | { state: 'unknown' }
  | { state: ClosedState; hospital: SurveyHospital; locale: Locale }
  | { state: 'open'; hospital: SurveyHospital; locale: Locale; content: SurveyTemplateContent; values: SurveyValues; wantsContact: boolean }

type Found = NonNullable<Awaited<ReturnType<typeof findInvitationByTokenHash>>>

async function findByToken(db: Executor, token: string, forUpdate = false): Promise<Found | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined
  return findInvitationByTokenHash(db, hashToken(token), { forUpdate })
}

/** Completed wins over expired: someone who answered in time sees their thanks. Opted-out links read as expired. */
function closedState(invitation: SurveyInvitation, now: Date): ClosedState | null {
  if (invitation.status === 'completed') return 'completed'
  if (invitation.status === 'expired' || invitation.status === 'opted_out') return 'expired'
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : null
}

/** What GET /s/:token shows. The first view marks the invitation opened (once). */
export async function openSurvey(ctx: AppContext, token: string): Promise<SurveyView> {
  const found = await findByToken(ctx.db, token)
  if (!found) return { state: 'unknown' }
  const { invitation, content, hospital } = found
  const now = ctx.clock.now()
  const closed = closedState(invitation, now)
  if (closed) return { state: closed, hospital, locale: invitation.locale }
  if (canMove(invitation.status, 'opened')) {
    // Conditional on the status read: a second, concurrent first view writes nothing.
    await ctx.db.transaction((tx) => moveInvitation(tx, { organizationId: invitation.organizationId, invitationId: invitation.id, from: invitation.status, to: 'opened', at: now }))
  }
  const saved = await findResponseByInvitation(ctx.db, { organizationId: invitation.organizationId, invitationId: invitation.id })
  return { state: 'open', hospital, locale: invitation.locale, content, values: valuesFromAnswers(saved?.answers), wantsContact: saved?.wantsContact ?? false }
}

export type SurveyPostOutcome =
  | { kind: 'unknown' }
  | { kind: 'closed'; state: ClosedState }
  /** Partial answers saved; show this page next (1-based; null for one-page surveys). */
  | { kind: 'moved'; page: number | null }
  /** Errors are translation keys by question id; page is where the first error is. */
  | { kind: 'invalid'; errors: Record<string, string>; values: SurveyValues; wantsContact: boolean; page: number | null; locale: Locale }
  | { kind: 'completed'; organizationId: string; invitationId: string; responseId: string; findings: LowScoreFinding[] }

const postSchema = z.object({
  intent: z.enum(['next', 'previous', 'submit']).catch('submit'),
  page: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
})

/**
 * A POST from the survey page: saves the answers so far on every post, and on `submit`
 * checks every question and completes the response (once). Runs with the invitation row
 * locked, so a double submit completes it once.
 */
export async function respondToSurvey(ctx: AppContext, token: string, form: FormData): Promise<SurveyPostOutcome> {
  const { intent, page: postedPage } = postSchema.parse({ intent: form.get('intent') ?? undefined, page: form.get('page') ?? undefined })
  const now = ctx.clock.now()
  const outcome = await ctx.db.transaction(async (tx): Promise<SurveyPostOutcome> => {
    const found = await findByToken(tx, token, true)
    if (!found) return { kind: 'unknown' }
    const { invitation, content } = found
    const closed = closedState(invitation, now)
    if (closed) return { kind: 'closed', state: closed }
    const tenant = { organizationId: invitation.organizationId, invitationId: invitation.id }
    const saved = await findResponseByInvitation(tx, tenant)

    const count = content.questions.length
    const page = content.paged ? Math.min(postedPage ?? 1, count) : null
    const onPage = page === null ? content.questions : [content.questions[page - 1]!]
    const lastPage = page === null || page === count
    const values = { ...valuesFromAnswers(saved?.answers) }
    for (const q of onPage) {
      delete values[q.id]
      delete values[complaintFieldName(q.id)]
      Object.assign(values, valuesFromForm(form, q))
    }
    const wantsContact = lastPage ? isChecked(form.get('wantsContact')) : (saved?.wantsContact ?? false)
    const raw = rawFromValues(content, values)
    const partial = validateAnswers(content, raw, { partial: true })
    const save = (answers: unknown, completedAt: Date | null) =>
      saveResponse(tx, { ...tenant, templateVersionId: invitation.templateVersionId, answers, wantsContact, at: now, completedAt })
    const invalid = (errors: Record<string, string>): SurveyPostOutcome => ({ kind: 'invalid', errors, values, wantsContact, page: firstErrorPage(content, errors, page), locale: invitation.locale })

    if (intent !== 'submit' && page !== null) {
      if (!partial.ok) return invalid(partial.errors)
      await save(partial.answers, null)
      return { kind: 'moved', page: intent === 'next' ? Math.min(page + 1, count) : Math.max(page - 1, 1) }
    }

    const full = validateAnswers(content, raw, { partial: false })
    if (!full.ok) {
      if (partial.ok) await save(partial.answers, null)
      return invalid(full.errors)
    }
    const response = await save(full.answers, now)
    if (!response) return { kind: 'closed', state: 'completed' }
    await markRollupsDirtyFor(tx, tenant.organizationId, { responseIds: [response.id] })
    if (canMove(invitation.status, 'completed')) await moveInvitation(tx, { ...tenant, from: invitation.status, to: 'completed', at: now })
    return { kind: 'completed', ...tenant, responseId: response.id, findings: lowScoreFindings(content, full.answers) }
  })
  if (outcome.kind === 'completed') await afterSurveyCompleted(ctx, outcome)
  return outcome
}

/**
 * The closed loop's entry point, called once after a response is completed (after its
 * transaction commits): a low score or complaint raises an alert, and a case when the
 * respondent agreed to be contacted. The answers are already saved, so a failure here is
 * logged rather than shown to the respondent; the loop is idempotent and can be run again.
 */
export async function afterSurveyCompleted(
  ctx: AppContext,
  completed: { organizationId: string; invitationId: string; responseId: string; findings?: readonly LowScoreFinding[] },
): Promise<void> {
  if (completed.findings && completed.findings.length === 0) return
  try {
    await runSurveyClosedLoop(ctx, { organizationId: completed.organizationId, responseId: completed.responseId, findings: completed.findings })
  } catch (error) {
    ctx.logger.error('survey closed loop failed', { organizationId: completed.organizationId, responseId: completed.responseId, error })
  }
}

// ——— Answers ⇄ form values ———

function isChecked(v: FormDataEntryValue | null) {
  return typeof v === 'string' && v !== '' && v !== 'false' && v !== '0'
}

function valuesFromForm(form: FormData, question: SurveyQuestion): SurveyValues {
  const strings = (name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string')
  const values: SurveyValues = {}
  const answer = strings(question.id)
  if (answer.length) values[question.id] = answer
  const complaint = strings(complaintFieldName(question.id))
  if (complaint.length) values[complaintFieldName(question.id)] = complaint
  return values
}

/** Saved answers as the form shows them; anything unreadable is dropped. */
export function valuesFromAnswers(stored: unknown): SurveyValues {
  const parsed = surveyAnswersSchema.safeParse(stored ?? {})
  if (!parsed.success) return {}
  const values: SurveyValues = {}
  for (const [id, answer] of Object.entries(parsed.data)) {
    values[id] = Array.isArray(answer.value) ? answer.value : [String(answer.value)]
    if (answer.type === 'text' && answer.complaint) values[complaintFieldName(id)] = ['on']
  }
  return values
}

function rawFromValues(content: SurveyTemplateContent, values: SurveyValues): RawAnswers {
  const raw: Record<string, unknown> = {}
  for (const q of content.questions) {
    const v = values[q.id] ?? []
    raw[q.id] = q.type === 'multiple_choice' || v.length > 1 ? v : v[0]
    const complaint = values[complaintFieldName(q.id)]?.[0]
    if (complaint !== undefined) raw[complaintFieldName(q.id)] = complaint
  }
  return raw
}

function firstErrorPage(content: SurveyTemplateContent, errors: Record<string, string>, page: number | null) {
  if (page === null) return null
  const index = content.questions.findIndex((q) => errors[q.id])
  return index === -1 ? page : index + 1
}
