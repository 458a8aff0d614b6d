import { z } from 'zod'

/**
 * A follow-up survey template version: its questions, in both languages. Stored as JSON on the
 * version row; the editor, the survey page, scoring and the closed loop all read this shape.
 * Messages are translation keys in the `surveys` namespace.
 */

/** rating is 1–5, nps 0–10. */
export const QUESTION_TYPES = ['rating', 'nps', 'single_choice', 'multiple_choice', 'text'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

export const RATING_MIN = 1
export const RATING_MAX = 5
export const NPS_MIN = 0
export const NPS_MAX = 10

/**
 * What a question measures, so boards can compare hospitals and months across templates.
 * Patient dimensions follow the national hospital satisfaction monitoring survey
 * (全国医院满意度监测); the last ones are the staff survey's.
 */
export const DIMENSIONS = [
  'overall',
  'recommendation',
  'doctor_communication',
  'nurse_communication',
  'medical_quality',
  'pain_management',
  'process_waiting',
  'environment',
  'privacy',
  'costs',
  'food',
  'ethics',
  'discharge_guidance',
  'complaint_handling',
  'work_environment',
  'workload',
  'pay_benefits',
  'workplace_safety',
  'management',
  'growth',
] as const
export type Dimension = (typeof DIMENSIONS)[number]

export const LABEL_MAX = 500
export const QUESTIONS_MIN = 1
export const QUESTIONS_MAX = 40
export const CHOICES_MIN = 2
export const CHOICES_MAX = 12

/**
 * Question and choice ids are stable keys: answers are stored under them. They double as form
 * field names on the survey page, so the page's own fields are reserved.
 */
const ID_PATTERN = /^[a-z][a-z0-9_]{0,39}$/
const RESERVED_IDS = new Set(['csrf', 'intent', 'page', 'locale', 'token', 'website'])

const questionId = z
  .string({ error: 'surveys:errors.questionIdInvalid' })
  .regex(ID_PATTERN, 'surveys:errors.questionIdInvalid')
  .refine((id) => !RESERVED_IDS.has(id), 'surveys:errors.questionIdInvalid')
const choiceId = z.string({ error: 'surveys:errors.choiceIdInvalid' }).regex(ID_PATTERN, 'surveys:errors.choiceIdInvalid')

/** One label in both languages; the editor must translate every one. */
const label = (requiredKey: string) => z.string({ error: requiredKey }).trim().min(1, requiredKey).max(LABEL_MAX, 'surveys:errors.labelTooLong')
const localized = (requiredKey: string) => z.object({ 'zh-CN': label(requiredKey), en: label(requiredKey) }, { error: requiredKey })

/** Optional text (intro, help): both languages blank means none; one blank is a missing translation. */
const optionalLocalized = z.preprocess(
  (v) => {
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (isBlank(o['zh-CN']) && isBlank(o.en)) return undefined
    }
    return v
  },
  localized('surveys:errors.translationRequired').optional(),
)
function isBlank(v: unknown) {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
}

export type LocalizedText = { 'zh-CN': string; en: string }

const choicesSchema = z
  .array(z.object({ id: choiceId, label: localized('surveys:errors.choiceLabelRequired') }), { error: 'surveys:errors.choicesRequired' })
  .min(CHOICES_MIN, 'surveys:errors.choicesRequired')
  .max(CHOICES_MAX, 'surveys:errors.tooManyChoices')
  .superRefine((choices, ctx) => duplicateIds(choices, ctx, 'surveys:errors.duplicateChoiceId'), { when: () => true })

const common = {
  id: questionId,
  required: z.boolean({ error: 'surveys:errors.requiredFlagInvalid' }),
  dimension: z.enum(DIMENSIONS, { error: 'surveys:errors.dimensionInvalid' }),
  text: localized('surveys:errors.questionTextRequired'),
  help: optionalLocalized,
}
/** Keys that only some types may carry; present on the others, they are an error, not dropped. */
const noChoices = { choices: z.undefined({ error: 'surveys:errors.choicesNotAllowed' }).optional() }
const noComplaint = { allowComplaint: z.literal(false, { error: 'surveys:errors.complaintOnlyOnText' }).optional() }

const ratingQuestion = z.object({ type: z.literal('rating'), ...common, ...noChoices, ...noComplaint })
const npsQuestion = z.object({ type: z.literal('nps'), ...common, ...noChoices, ...noComplaint })
const singleChoiceQuestion = z.object({ type: z.literal('single_choice'), ...common, choices: choicesSchema, ...noComplaint })
const multipleChoiceQuestion = z.object({ type: z.literal('multiple_choice'), ...common, choices: choicesSchema, ...noComplaint })
/** allowComplaint: the respondent may tick "treat this as a complaint". */
const textQuestion = z.object({ type: z.literal('text'), ...common, ...noChoices, allowComplaint: z.boolean().optional() })

export const surveyQuestionSchema = z.discriminatedUnion('type', [ratingQuestion, npsQuestion, singleChoiceQuestion, multipleChoiceQuestion, textQuestion], {
  error: 'surveys:errors.questionTypeInvalid',
})
export type SurveyQuestion = z.output<typeof surveyQuestionSchema>
export type ChoiceQuestion = Extract<SurveyQuestion, { type: 'single_choice' | 'multiple_choice' }>
export type SurveyChoice = ChoiceQuestion['choices'][number]

export const surveyTemplateContentSchema = z.object({
  title: localized('surveys:errors.titleRequired'),
  intro: optionalLocalized,
  /** true: one question per page; false: all questions on one page. */
  paged: z.boolean({ error: 'surveys:errors.pagedInvalid' }),
  questions: z
    .array(surveyQuestionSchema, { error: 'surveys:errors.questionsRequired' })
    .min(QUESTIONS_MIN, 'surveys:errors.questionsRequired')
    .max(QUESTIONS_MAX, 'surveys:errors.tooManyQuestions')
    // Runs even when another question is invalid, so the editor shows every problem at once.
    .superRefine((questions, ctx) => duplicateIds(questions, ctx, 'surveys:errors.duplicateQuestionId'), { when: () => true }),
})
export type SurveyTemplateContent = z.output<typeof surveyTemplateContentSchema>
/** Shorter name used by db/schema/surveys.ts for the version's jsonb column. */
export type SurveyContent = SurveyTemplateContent

function duplicateIds(items: unknown, ctx: z.RefinementCtx, message: string) {
  if (!Array.isArray(items)) return
  const seen = new Set<string>()
  items.forEach((item, index) => {
    const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined
    if (typeof id !== 'string') return
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message })
    seen.add(id)
  })
}

// ——— Editing helpers: each returns a new content object and never mutates its input. ———

/** Swaps a question with its neighbour; at either end, or for an unknown id, the order stays. */
export function moveQuestion(content: SurveyTemplateContent, questionId: string, direction: 'up' | 'down'): SurveyTemplateContent {
  const questions = [...content.questions]
  const from = questions.findIndex((q) => q.id === questionId)
  const to = direction === 'up' ? from - 1 : from + 1
  if (from !== -1 && to >= 0 && to < questions.length) [questions[from], questions[to]] = [questions[to]!, questions[from]!]
  return { ...content, questions }
}

/** Appends a question. Its id must be new (take one from newQuestionId); too many questions is for the schema to report. */
export function addQuestion(content: SurveyTemplateContent, question: SurveyQuestion): SurveyTemplateContent {
  if (content.questions.some((q) => q.id === question.id)) throw new Error(`Question id already used in this template: ${question.id}`)
  return { ...content, questions: [...content.questions, question] }
}

/** Replaces the question with the same id, keeping its place. */
export function replaceQuestion(content: SurveyTemplateContent, question: SurveyQuestion): SurveyTemplateContent {
  return { ...content, questions: content.questions.map((q) => (q.id === question.id ? question : q)) }
}

export function removeQuestion(content: SurveyTemplateContent, questionId: string): SurveyTemplateContent {
  return { ...content, questions: content.questions.filter((q) => q.id !== questionId) }
}

/**
 * The next free `qN` id, one past the highest in use, so a removed question's id is not
 * handed to a different question. Pass the ids of earlier versions too to keep them distinct
 * across versions.
 */
export function newQuestionId(existingIds: Iterable<string>): string {
  let highest = 0
  for (const id of existingIds) {
    const match = /^q(\d+)$/.exec(id)
    if (match) highest = Math.max(highest, Number(match[1]))
  }
  return `q${highest + 1}`
}

/**
 * Once a version is used by a campaign or has responses, editing it creates a new version, so
 * old responses keep the questions they answered.
 */
export function editNeedsNewVersion(version: { usedByCampaign: boolean; hasResponses: boolean }): boolean {
  return version.usedByCampaign || version.hasResponses
}
