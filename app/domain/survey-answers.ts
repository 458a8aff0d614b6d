import { z } from 'zod'
import { NPS_MAX, NPS_MIN, RATING_MAX, RATING_MIN, type Dimension, type SurveyQuestion, type SurveyTemplateContent } from './survey-template.ts'

/**
 * A respondent's answers to one template version: checked against that version's questions,
 * then read by the closed loop (low scores, complaints) and by the boards (dimension scores).
 */

export const ANSWER_TEXT_MAX = 2000

/** The stored shape, keyed by question id (also used to read answers back from the database). */
export const surveyAnswerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rating'), value: z.number().int().min(RATING_MIN).max(RATING_MAX) }),
  z.object({ type: z.literal('nps'), value: z.number().int().min(NPS_MIN).max(NPS_MAX) }),
  z.object({ type: z.literal('single_choice'), value: z.string() }),
  z.object({ type: z.literal('multiple_choice'), value: z.array(z.string()) }),
  /** complaint: present (true) only when the respondent ticked "treat this as a complaint". */
  z.object({ type: z.literal('text'), value: z.string().max(ANSWER_TEXT_MAX), complaint: z.literal(true).optional() }),
])
export const surveyAnswersSchema = z.record(z.string(), surveyAnswerSchema)
export type SurveyAnswer = z.output<typeof surveyAnswerSchema>
export type SurveyAnswers = Record<string, SurveyAnswer>

/**
 * Answers as an HTML form posts them: the field named after the question id holds the answer
 * (string; several for multiple choice) and `<id>.complaint` the complaint checkbox.
 */
export type RawAnswers = Readonly<Record<string, unknown>>
export function complaintFieldName(questionId: string) {
  return `${questionId}.complaint`
}

/** Reads the template's fields from a posted form; other fields (csrf, intent…) are left out. */
export function rawAnswersFromForm(content: SurveyTemplateContent, form: FormData): RawAnswers {
  const raw: Record<string, unknown> = {}
  const strings = (name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string')
  for (const q of content.questions) {
    const values = strings(q.id)
    // A one-answer field sent twice stays a list, so validateAnswers refuses it.
    raw[q.id] = q.type === 'multiple_choice' || values.length > 1 ? values : values[0]
    const complaint = strings(complaintFieldName(q.id))[0]
    if (complaint !== undefined) raw[complaintFieldName(q.id)] = complaint
  }
  return raw
}

export type AnswersValidation = { ok: true; answers: SurveyAnswers } | { ok: false; errors: Record<string, string> }

/**
 * Checks every question's answer. `partial: true` saves what is there (a paged survey keeps
 * progress between pages), so unanswered required questions are no error yet.
 * Errors are translation keys, one per question id.
 */
export function validateAnswers(content: SurveyTemplateContent, raw: RawAnswers, options: { partial: boolean }): AnswersValidation {
  const answers: SurveyAnswers = {}
  const errors: Record<string, string> = {}
  for (const question of content.questions) {
    const parsed = parseAnswer(question, raw[question.id], raw[complaintFieldName(question.id)])
    if ('error' in parsed) errors[question.id] = parsed.error
    else if (parsed.answer) answers[question.id] = parsed.answer
    else if (question.required && !options.partial) errors[question.id] = 'surveys:errors.answerRequired'
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers }
}

type Parsed = { answer: SurveyAnswer | null } | { error: string }
const CHECKED = new Set<unknown>(['on', 'true', '1', true])

function parseAnswer(question: SurveyQuestion, raw: unknown, complaintRaw: unknown): Parsed {
  const complaint = CHECKED.has(typeof complaintRaw === 'string' ? complaintRaw.trim() : complaintRaw)
  if (complaint && !(question.type === 'text' && question.allowComplaint)) return { error: 'surveys:errors.complaintNotAllowed' }

  if (question.type === 'multiple_choice') {
    const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw]
    if (!list.every((v) => typeof v === 'string')) return { error: 'surveys:errors.answerInvalid' }
    const picked = new Set(list.map((v) => v.trim()).filter((v) => v !== ''))
    const known = question.choices.map((c) => c.id)
    if ([...picked].some((id) => !known.includes(id))) return { error: 'surveys:errors.choiceInvalid' }
    // Stored in the template's choice order, each once.
    return { answer: picked.size === 0 ? null : { type: 'multiple_choice', value: known.filter((id) => picked.has(id)) } }
  }

  const single = singleValue(raw)
  if (single === 'invalid') return { error: 'surveys:errors.answerInvalid' }
  switch (question.type) {
    case 'rating':
    case 'nps': {
      if (single === null) return { answer: null }
      const [min, max, error] = question.type === 'rating' ? [RATING_MIN, RATING_MAX, 'surveys:errors.ratingInvalid'] : [NPS_MIN, NPS_MAX, 'surveys:errors.npsInvalid']
      const value = typeof single === 'number' ? single : /^\d{1,2}$/.test(single) ? Number(single) : NaN
      if (!Number.isInteger(value) || value < min || value > max) return { error }
      return { answer: { type: question.type, value } }
    }
    case 'single_choice': {
      if (single === null) return { answer: null }
      if (typeof single !== 'string' || !question.choices.some((c) => c.id === single)) return { error: 'surveys:errors.choiceInvalid' }
      return { answer: { type: 'single_choice', value: single } }
    }
    case 'text': {
      if (typeof single === 'number') return { error: 'surveys:errors.answerInvalid' }
      if (single === null) return complaint ? { error: 'surveys:errors.complaintTextRequired' } : { answer: null }
      if (single.length > ANSWER_TEXT_MAX) return { error: 'surveys:errors.answerTooLong' }
      return { answer: complaint ? { type: 'text', value: single, complaint: true } : { type: 'text', value: single } }
    }
  }
}

/** One trimmed value, null when blank; a one-element list (FormData.getAll) counts as its element. */
function singleValue(raw: unknown): string | number | null | 'invalid' {
  if (Array.isArray(raw) && raw.length > 1) return 'invalid'
  const v: unknown = Array.isArray(raw) ? raw[0] : raw
  if (v === undefined || v === null) return null
  if (typeof v === 'number') return v
  if (typeof v !== 'string') return 'invalid'
  const trimmed = v.trim()
  return trimmed === '' ? null : trimmed
}

// ——— Closed loop ———

export type LowScoreThresholds = { ratingAtMost: number; npsAtMost: number }
/** Design default: 2 of 5 or lower, an NPS detractor (0–6), or a text marked as a complaint. */
export const DEFAULT_LOW_SCORE: LowScoreThresholds = { ratingAtMost: 2, npsAtMost: 6 }
export const lowScoreThresholdsSchema = z.object({
  ratingAtMost: z.coerce.number().int().min(RATING_MIN, 'surveys:errors.thresholdInvalid').max(RATING_MAX, 'surveys:errors.thresholdInvalid'),
  npsAtMost: z.coerce.number().int().min(NPS_MIN, 'surveys:errors.thresholdInvalid').max(NPS_MAX, 'surveys:errors.thresholdInvalid'),
})

export type LowScoreReason = 'low_rating' | 'low_nps' | 'complaint_text'
export type LowScoreFinding = { questionId: string; dimension: Dimension; reason: LowScoreReason; value: number | string }

/** What in a response should raise an alert, in question order; empty when nothing does. */
export function lowScoreFindings(content: SurveyTemplateContent, answers: SurveyAnswers, thresholds: LowScoreThresholds = DEFAULT_LOW_SCORE): LowScoreFinding[] {
  const findings: LowScoreFinding[] = []
  for (const question of content.questions) {
    const answer = answers[question.id]
    if (!answer || answer.type !== question.type) continue
    const at = { questionId: question.id, dimension: question.dimension }
    if (answer.type === 'rating' && answer.value <= thresholds.ratingAtMost) findings.push({ ...at, reason: 'low_rating', value: answer.value })
    else if (answer.type === 'nps' && answer.value <= thresholds.npsAtMost) findings.push({ ...at, reason: 'low_nps', value: answer.value })
    else if (answer.type === 'text' && answer.complaint && question.type === 'text' && question.allowComplaint) findings.push({ ...at, reason: 'complaint_text', value: answer.value })
  }
  return findings
}

export function raisesAlert(findings: readonly LowScoreFinding[]): boolean {
  return findings.length > 0
}

// ——— Scores for the boards ———

export type DimensionScore = { sum: number; count: number }

/** A rating on the 0–100 scale the boards use: 1→0, 3→50, 5→100; NPS 0–10 → ×10. */
export function normalisedScore(answer: SurveyAnswer): number | null {
  if (answer.type === 'rating') return ((answer.value - RATING_MIN) / (RATING_MAX - RATING_MIN)) * 100
  if (answer.type === 'nps') return answer.value * 10
  return null
}

/**
 * Per dimension, the sum and count of normalised rating and NPS answers (choice and text
 * questions are not scored). Only dimensions with an answer appear; average = sum / count.
 */
export function dimensionScores(content: SurveyTemplateContent, answers: SurveyAnswers): Partial<Record<Dimension, DimensionScore>> {
  const scores: Partial<Record<Dimension, DimensionScore>> = {}
  for (const question of content.questions) {
    const answer = answers[question.id]
    if (!answer || answer.type !== question.type) continue
    const score = normalisedScore(answer)
    if (score === null) continue
    const current = scores[question.dimension] ?? { sum: 0, count: 0 }
    scores[question.dimension] = { sum: current.sum + score, count: current.count + 1 }
  }
  return scores
}
