import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addQuestion,
  editNeedsNewVersion,
  moveQuestion,
  newQuestionId,
  removeQuestion,
  replaceQuestion,
  surveyTemplateContentSchema,
  type SurveyQuestion,
  type SurveyTemplateContent,
} from '#app/domain/survey-template.ts'

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en })
const rating = (id: string): SurveyQuestion => ({ id, type: 'rating', required: true, dimension: 'overall', text: t(`问题 ${id}`, `Question ${id}`) })
const template = (questions: unknown[]) => ({ title: t('满意度调查', 'Satisfaction survey'), paged: false, questions })
const choiceQuestion = (choices: unknown, id = 'q1') => ({ id, type: 'single_choice', required: true, dimension: 'complaint_handling', text: t('解决了吗？', 'Was it resolved?'), choices })
const choice = (id: string) => ({ id, label: t(`选项 ${id}`, `Choice ${id}`) })

function issues(input: unknown) {
  const result = surveyTemplateContentSchema.safeParse(input)
  expect(result.success).toBe(false)
  return result.error!.issues.map((i) => ({ path: i.path, message: i.message }))
}

/** Deep-frozen, so any mutation by a helper throws. */
function frozen(content: SurveyTemplateContent): SurveyTemplateContent {
  return JSON.parse(JSON.stringify(content), (_key, value) => (value && typeof value === 'object' ? Object.freeze(value) : value))
}
const ids = (content: SurveyTemplateContent) => content.questions.map((q) => q.id)
const threeQuestions = () => frozen(surveyTemplateContentSchema.parse(template([rating('q1'), rating('q2'), rating('q3')])))

describe('survey template schema', () => {
  it('accepts a template with one question of each type', () => {
    const content = template([
      rating('q1'),
      { id: 'q2', type: 'nps', required: true, dimension: 'recommendation', text: t('推荐吗？', 'Would you recommend us?') },
      choiceQuestion([choice('yes'), choice('no')], 'q3'),
      { ...choiceQuestion([choice('food'), choice('noise'), choice('signage')], 'q4'), type: 'multiple_choice', required: false },
      { id: 'q5', type: 'text', required: false, dimension: 'overall', text: t('其他意见', 'Anything else?'), allowComplaint: true },
    ])
    expect(surveyTemplateContentSchema.safeParse(content).success).toBe(true)
  })

  it('requires the English text of every question', () => {
    expect(issues(template([{ ...rating('q1'), text: { 'zh-CN': '满意吗？' } }]))).toEqual([{ path: ['questions', 0, 'text', 'en'], message: 'surveys:errors.questionTextRequired' }])
    expect(issues(template([{ ...rating('q1'), text: t('满意吗？', '   ') }]))).toEqual([{ path: ['questions', 0, 'text', 'en'], message: 'surveys:errors.questionTextRequired' }])
  })

  it('requires the title and choice labels in both languages', () => {
    expect(issues({ ...template([rating('q1')]), title: t('', 'Survey') })).toEqual([{ path: ['title', 'zh-CN'], message: 'surveys:errors.titleRequired' }])
    expect(issues(template([choiceQuestion([choice('a'), { id: 'b', label: { 'zh-CN': '乙' } }])]))).toEqual([
      { path: ['questions', 0, 'choices', 1, 'label', 'en'], message: 'surveys:errors.choiceLabelRequired' },
    ])
  })

  it('caps every label at 500 characters', () => {
    expect(surveyTemplateContentSchema.safeParse(template([{ ...rating('q1'), text: t('字'.repeat(500), 'x'.repeat(500)) }])).success).toBe(true)
    expect(issues(template([{ ...rating('q1'), text: t('字'.repeat(501), 'ok') }]))).toEqual([{ path: ['questions', 0, 'text', 'zh-CN'], message: 'surveys:errors.labelTooLong' }])
  })

  it('drops help left blank in both languages but refuses a missing translation', () => {
    const parsed = surveyTemplateContentSchema.parse(template([{ ...rating('q1'), help: t('', ' ') }]))
    expect(parsed.questions[0]?.help).toBeUndefined()
    expect(issues(template([{ ...rating('q1'), help: t('请如实填写', '') }]))).toEqual([{ path: ['questions', 0, 'help', 'en'], message: 'surveys:errors.translationRequired' }])
  })

  it('refuses two questions with the same id, alongside other mistakes', () => {
    expect(issues(template([rating('q1'), { ...rating('q1'), text: t('重复', '') }]))).toEqual([
      { path: ['questions', 1, 'text', 'en'], message: 'surveys:errors.questionTextRequired' },
      { path: ['questions', 1, 'id'], message: 'surveys:errors.duplicateQuestionId' },
    ])
  })

  it('refuses ids that are not short keys or that clash with the page fields', () => {
    for (const id of ['', 'Q1', 'q 1', '1q', 'q.1', 'csrf', 'intent', 'a'.repeat(41)]) {
      expect(issues(template([rating(id)])), id).toEqual([{ path: ['questions', 0, 'id'], message: 'surveys:errors.questionIdInvalid' }])
    }
  })

  it('does not let a rating question carry choices or a complaint box', () => {
    expect(issues(template([{ ...rating('q1'), choices: [choice('a'), choice('b')] }]))).toEqual([{ path: ['questions', 0, 'choices'], message: 'surveys:errors.choicesNotAllowed' }])
    expect(issues(template([{ ...rating('q1'), allowComplaint: true }]))).toEqual([{ path: ['questions', 0, 'allowComplaint'], message: 'surveys:errors.complaintOnlyOnText' }])
  })

  it('gives choice questions 2 to 12 choices with distinct ids', () => {
    expect(issues(template([{ ...choiceQuestion(undefined) }]))).toEqual([{ path: ['questions', 0, 'choices'], message: 'surveys:errors.choicesRequired' }])
    expect(issues(template([choiceQuestion([choice('a')])]))).toEqual([{ path: ['questions', 0, 'choices'], message: 'surveys:errors.choicesRequired' }])
    const twelve = Array.from({ length: 12 }, (_, i) => choice(`c${i}`))
    expect(surveyTemplateContentSchema.safeParse(template([choiceQuestion(twelve)])).success).toBe(true)
    expect(issues(template([choiceQuestion([...twelve, choice('c12')])]))).toEqual([{ path: ['questions', 0, 'choices'], message: 'surveys:errors.tooManyChoices' }])
    expect(issues(template([choiceQuestion([choice('a'), choice('a')])]))).toEqual([{ path: ['questions', 0, 'choices', 1, 'id'], message: 'surveys:errors.duplicateChoiceId' }])
  })

  it('takes 1 to 40 questions', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => rating(`q${i + 1}`))
    expect(surveyTemplateContentSchema.safeParse(template(many(40))).success).toBe(true)
    expect(issues(template(many(41)))).toEqual([{ path: ['questions'], message: 'surveys:errors.tooManyQuestions' }])
    expect(issues(template([]))).toEqual([{ path: ['questions'], message: 'surveys:errors.questionsRequired' }])
  })

  it('names an unknown question type or dimension', () => {
    expect(issues(template([{ ...rating('q1'), type: 'slider' }]))).toEqual([{ path: ['questions', 0, 'type'], message: 'surveys:errors.questionTypeInvalid' }])
    expect(issues(template([{ ...rating('q1'), dimension: 'parking' }]))).toEqual([{ path: ['questions', 0, 'dimension'], message: 'surveys:errors.dimensionInvalid' }])
  })
})

describe('editing a template', () => {
  it('moves a question up or down one place and leaves the original as it was', () => {
    const content = threeQuestions()
    expect(ids(moveQuestion(content, 'q3', 'up'))).toEqual(['q1', 'q3', 'q2'])
    expect(ids(moveQuestion(content, 'q1', 'down'))).toEqual(['q2', 'q1', 'q3'])
    expect(ids(content)).toEqual(['q1', 'q2', 'q3'])
    expect(moveQuestion(content, 'q2', 'up')).not.toBe(content)
  })

  it('keeps the order when moving past either end or an unknown question', () => {
    const content = threeQuestions()
    expect(ids(moveQuestion(content, 'q1', 'up'))).toEqual(['q1', 'q2', 'q3'])
    expect(ids(moveQuestion(content, 'q3', 'down'))).toEqual(['q1', 'q2', 'q3'])
    expect(ids(moveQuestion(content, 'nope', 'down'))).toEqual(['q1', 'q2', 'q3'])
  })

  it('moving never loses or duplicates a question, and up undoes down', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.nat(), fc.boolean(), (n, pick, up) => {
        const content = frozen(template(Array.from({ length: n }, (_, i) => rating(`q${i + 1}`))) as SurveyTemplateContent)
        const id = `q${(pick % n) + 1}`
        const moved = moveQuestion(content, id, up ? 'up' : 'down')
        expect([...ids(moved)].sort()).toEqual([...ids(content)].sort())
        const index = ids(content).indexOf(id)
        const atEdge = up ? index === 0 : index === n - 1
        if (!atEdge) expect(ids(moveQuestion(moved, id, up ? 'down' : 'up'))).toEqual(ids(content))
      }),
    )
  })

  it('adds a question at the end without touching the original', () => {
    const content = threeQuestions()
    const added = addQuestion(content, rating('q4'))
    expect(ids(added)).toEqual(['q1', 'q2', 'q3', 'q4'])
    expect(ids(content)).toEqual(['q1', 'q2', 'q3'])
    expect(() => addQuestion(content, rating('q2'))).toThrow(/already used/)
  })

  it('removes and replaces a question in place without touching the original', () => {
    const content = threeQuestions()
    expect(ids(removeQuestion(content, 'q2'))).toEqual(['q1', 'q3'])
    const replaced = replaceQuestion(content, { ...rating('q2'), required: false })
    expect(replaced.questions[1]).toMatchObject({ id: 'q2', required: false })
    expect(content.questions[1]).toMatchObject({ id: 'q2', required: true })
  })

  it('hands out the next qN id, never reusing a lower one', () => {
    expect(newQuestionId([])).toBe('q1')
    expect(newQuestionId(['q1', 'q3', 'overall', 'q2x'])).toBe('q4')
    expect(newQuestionId(['overall', 'comments'])).toBe('q1')
    expect(newQuestionId(new Set(['q9']))).toBe('q10')
  })

  it('creates a new version once a campaign uses it or anyone has answered it', () => {
    expect(editNeedsNewVersion({ usedByCampaign: false, hasResponses: false })).toBe(false)
    expect(editNeedsNewVersion({ usedByCampaign: true, hasResponses: false })).toBe(true)
    expect(editNeedsNewVersion({ usedByCampaign: false, hasResponses: true })).toBe(true)
    expect(editNeedsNewVersion({ usedByCampaign: true, hasResponses: true })).toBe(true)
  })
})
