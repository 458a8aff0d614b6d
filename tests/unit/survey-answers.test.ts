import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_LOW_SCORE,
  dimensionScores,
  lowScoreFindings,
  raisesAlert,
  rawAnswersFromForm,
  surveyAnswersSchema,
  validateAnswers,
  type SurveyAnswers,
} from '#app/domain/survey-answers.ts'
import { surveyTemplateContentSchema } from '#app/domain/survey-template.ts'

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en })
const choice = (id: string) => ({ id, label: t(`选项 ${id}`, `Choice ${id}`) })

const content = surveyTemplateContentSchema.parse({
  title: t('回访', 'Follow-up'),
  paged: false,
  questions: [
    { id: 'care', type: 'rating', required: true, dimension: 'doctor_communication', text: t('医生沟通', 'Doctor communication') },
    { id: 'nurses', type: 'rating', required: false, dimension: 'doctor_communication', text: t('医生解释', 'Doctor explanation') },
    { id: 'recommend', type: 'nps', required: true, dimension: 'recommendation', text: t('推荐', 'Recommend') },
    { id: 'resolved', type: 'single_choice', required: true, dimension: 'complaint_handling', text: t('解决了吗', 'Resolved?'), choices: [choice('yes'), choice('partly'), choice('no')] },
    { id: 'areas', type: 'multiple_choice', required: false, dimension: 'environment', text: t('哪些方面', 'Which areas'), choices: [choice('food'), choice('noise'), choice('signage')] },
    { id: 'comments', type: 'text', required: false, dimension: 'overall', text: t('其他意见', 'Anything else'), allowComplaint: true },
    { id: 'notes', type: 'text', required: false, dimension: 'overall', text: t('备注', 'Notes') },
  ],
})
const complete = { care: '4', recommend: '9', resolved: 'yes' }

function errorsOf(raw: Record<string, unknown>, partial = false) {
  const result = validateAnswers(content, raw, { partial })
  return result.ok ? {} : result.errors
}
function answersOf(raw: Record<string, unknown>, partial = false) {
  const result = validateAnswers(content, raw, { partial })
  expect(result).toMatchObject({ ok: true })
  return result.ok ? result.answers : {}
}

describe('checking a respondent’s answers', () => {
  it('turns form strings into typed answers and ignores fields that are not questions', () => {
    expect(answersOf({ ...complete, areas: ['signage', 'food'], comments: '  候诊太久  ', csrf: 'token' })).toEqual({
      care: { type: 'rating', value: 4 },
      recommend: { type: 'nps', value: 9 },
      resolved: { type: 'single_choice', value: 'yes' },
      areas: { type: 'multiple_choice', value: ['food', 'signage'] },
      comments: { type: 'text', value: '候诊太久' },
    })
  })

  it('takes one ticked box as a string and collapses repeated ones', () => {
    expect(answersOf({ ...complete, areas: 'noise' }).areas).toEqual({ type: 'multiple_choice', value: ['noise'] })
    expect(answersOf({ ...complete, areas: ['noise', 'noise', ''] }).areas).toEqual({ type: 'multiple_choice', value: ['noise'] })
  })

  it('requires every required question when the survey is submitted', () => {
    expect(errorsOf({ care: ' ', areas: [] })).toEqual({
      care: 'surveys:errors.answerRequired',
      recommend: 'surveys:errors.answerRequired',
      resolved: 'surveys:errors.answerRequired',
    })
  })

  it('saves partial answers without the required ones, but still checks what is there', () => {
    expect(answersOf({ care: '2' }, true)).toEqual({ care: { type: 'rating', value: 2 } })
    expect(answersOf({}, true)).toEqual({})
    expect(errorsOf({ care: '9' }, true)).toEqual({ care: 'surveys:errors.ratingInvalid' })
  })

  it('refuses a choice the question does not offer', () => {
    expect(errorsOf({ ...complete, resolved: 'maybe' })).toEqual({ resolved: 'surveys:errors.choiceInvalid' })
    expect(errorsOf({ ...complete, areas: ['food', 'parking'] })).toEqual({ areas: 'surveys:errors.choiceInvalid' })
  })

  it('takes ratings 1 to 5 and NPS 0 to 10 only', () => {
    for (const value of ['1', '5', ' 3 ']) expect(answersOf({ ...complete, care: value }).care?.value, value).toBe(Number(value))
    for (const value of ['0', '6', '3.5', '-1', 'abc', '4分']) expect(errorsOf({ ...complete, care: value }), value).toEqual({ care: 'surveys:errors.ratingInvalid' })
    for (const value of ['0', '10']) expect(answersOf({ ...complete, recommend: value }).recommend?.value, value).toBe(Number(value))
    for (const value of ['11', '-1', '7.0', 'ten']) expect(errorsOf({ ...complete, recommend: value }), value).toEqual({ recommend: 'surveys:errors.npsInvalid' })
  })

  it('refuses two values for a one-answer question', () => {
    expect(errorsOf({ ...complete, care: ['4', '5'] })).toEqual({ care: 'surveys:errors.answerInvalid' })
    expect(answersOf({ ...complete, care: ['4'] }).care).toEqual({ type: 'rating', value: 4 })
  })

  it('caps free text at 2,000 characters after trimming', () => {
    expect(answersOf({ ...complete, notes: ` ${'字'.repeat(2000)} ` }).notes?.value).toHaveLength(2000)
    expect(errorsOf({ ...complete, notes: '字'.repeat(2001) })).toEqual({ notes: 'surveys:errors.answerTooLong' })
  })

  it('marks text as a complaint only where the question allows it', () => {
    expect(answersOf({ ...complete, comments: '护士态度差', 'comments.complaint': 'on' }).comments).toEqual({ type: 'text', value: '护士态度差', complaint: true })
    expect(answersOf({ ...complete, comments: '谢谢' }).comments).toEqual({ type: 'text', value: '谢谢' })
    expect(errorsOf({ ...complete, notes: '护士态度差', 'notes.complaint': 'on' })).toEqual({ notes: 'surveys:errors.complaintNotAllowed' })
    expect(errorsOf({ ...complete, 'care.complaint': 'on' })).toEqual({ care: 'surveys:errors.complaintNotAllowed' })
  })

  it('asks for the complaint’s text when the box is ticked on an empty answer', () => {
    expect(errorsOf({ ...complete, comments: '  ', 'comments.complaint': 'on' }, true)).toEqual({ comments: 'surveys:errors.complaintTextRequired' })
  })

  it('reads the answers from a posted form', () => {
    const form = new FormData()
    form.append('csrf', 'token')
    form.append('care', '1')
    form.append('recommend', '3')
    form.append('resolved', 'no')
    form.append('areas', 'food')
    form.append('areas', 'noise')
    form.append('comments', '等了三个小时')
    form.append('comments.complaint', 'on')
    const result = validateAnswers(content, rawAnswersFromForm(content, form), { partial: false })
    expect(result).toEqual({
      ok: true,
      answers: {
        care: { type: 'rating', value: 1 },
        recommend: { type: 'nps', value: 3 },
        resolved: { type: 'single_choice', value: 'no' },
        areas: { type: 'multiple_choice', value: ['food', 'noise'] },
        comments: { type: 'text', value: '等了三个小时', complaint: true },
      },
    })
  })

  it('stores answers in a shape the stored-answers schema reads back', () => {
    const answers = answersOf({ ...complete, areas: ['food'], comments: '太吵', 'comments.complaint': 'true' })
    expect(surveyAnswersSchema.parse(JSON.parse(JSON.stringify(answers)))).toEqual(answers)
  })
})

describe('closed loop: low scores and complaints', () => {
  const answers = (raw: Record<string, unknown>) => answersOf({ ...complete, ...raw })

  it('flags a rating of 2 or lower but not 3', () => {
    expect(lowScoreFindings(content, answers({ care: '2' }))).toEqual([{ questionId: 'care', dimension: 'doctor_communication', reason: 'low_rating', value: 2 }])
    expect(lowScoreFindings(content, answers({ care: '1' }))).toHaveLength(1)
    expect(lowScoreFindings(content, answers({ care: '3' }))).toEqual([])
  })

  it('flags an NPS of 6 or lower but not 7', () => {
    expect(lowScoreFindings(content, answers({ recommend: '6' }))).toEqual([{ questionId: 'recommend', dimension: 'recommendation', reason: 'low_nps', value: 6 }])
    expect(lowScoreFindings(content, answers({ recommend: '0' }))).toHaveLength(1)
    expect(lowScoreFindings(content, answers({ recommend: '7' }))).toEqual([])
  })

  it('flags free text the respondent marked as a complaint, not other text', () => {
    expect(lowScoreFindings(content, answers({ comments: '收费不透明', 'comments.complaint': 'on' }))).toEqual([
      { questionId: 'comments', dimension: 'overall', reason: 'complaint_text', value: '收费不透明' },
    ])
    expect(lowScoreFindings(content, answers({ comments: '收费不透明' }))).toEqual([])
  })

  it('lists every finding in question order and raises an alert only when there is one', () => {
    const findings = lowScoreFindings(content, answers({ care: '1', recommend: '2', comments: '差', 'comments.complaint': 'on' }))
    expect(findings.map((f) => f.reason)).toEqual(['low_rating', 'low_nps', 'complaint_text'])
    expect(raisesAlert(findings)).toBe(true)
    expect(raisesAlert(lowScoreFindings(content, answers({})))).toBe(false)
  })

  it('uses a campaign’s own thresholds when given', () => {
    const strict = { ratingAtMost: 3, npsAtMost: 8 }
    expect(lowScoreFindings(content, answers({ care: '3', recommend: '8' }), strict).map((f) => f.reason)).toEqual(['low_rating', 'low_nps'])
    expect(DEFAULT_LOW_SCORE).toEqual({ ratingAtMost: 2, npsAtMost: 6 })
  })

  it('ignores an answer stored under a question whose type no longer matches', () => {
    const stale: SurveyAnswers = { care: { type: 'nps', value: 0 } }
    expect(lowScoreFindings(content, stale)).toEqual([])
    expect(dimensionScores(content, stale)).toEqual({})
  })
})

describe('dimension scores for the boards', () => {
  it('puts ratings on 0–100 (1→0, 3→50, 5→100) and NPS ×10', () => {
    expect(dimensionScores(content, answersOf({ ...complete, care: '1' })).doctor_communication).toEqual({ sum: 0, count: 1 })
    expect(dimensionScores(content, answersOf({ ...complete, care: '3' })).doctor_communication).toEqual({ sum: 50, count: 1 })
    expect(dimensionScores(content, answersOf({ ...complete, care: '5' })).doctor_communication).toEqual({ sum: 100, count: 1 })
    expect(dimensionScores(content, answersOf({ ...complete, recommend: '7' })).recommendation).toEqual({ sum: 70, count: 1 })
  })

  it('adds up questions of the same dimension and leaves out choice and text questions', () => {
    const scores = dimensionScores(content, answersOf({ ...complete, care: '4', nurses: '2', areas: ['food'], comments: '好' }))
    expect(scores).toEqual({ doctor_communication: { sum: 100, count: 2 }, recommendation: { sum: 90, count: 1 } })
  })

  it('keeps every average between 0 and 100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 10 }), (care, nurses, recommend) => {
        const scores = dimensionScores(content, answersOf({ ...complete, care: String(care), nurses: String(nurses), recommend: String(recommend) }))
        for (const { sum, count } of Object.values(scores)) {
          expect(sum / count).toBeGreaterThanOrEqual(0)
          expect(sum / count).toBeLessThanOrEqual(100)
        }
      }),
    )
  })
})
