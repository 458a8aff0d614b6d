import { describe, expect, it } from 'vitest'
import { SHIPPED_SURVEY_TEMPLATES, type ShippedTemplateKey } from '#app/domain/shipped-survey-templates.ts'
import { lowScoreFindings, validateAnswers } from '#app/domain/survey-answers.ts'
import { surveyTemplateContentSchema, type LocalizedText, type SurveyTemplateContent } from '#app/domain/survey-template.ts'

function shipped(key: ShippedTemplateKey): SurveyTemplateContent {
  const found = SHIPPED_SURVEY_TEMPLATES.find((s) => s.key === key)
  if (!found) throw new Error(`no shipped template ${key}`)
  return found.content
}
function labels(content: SurveyTemplateContent): LocalizedText[] {
  return [
    content.title,
    ...(content.intro ? [content.intro] : []),
    ...content.questions.flatMap((q) => [q.text, ...(q.help ? [q.help] : []), ...('choices' in q && q.choices ? q.choices.map((c) => c.label) : [])]),
  ]
}
const dimensions = (content: SurveyTemplateContent) => new Set(content.questions.map((q) => q.dimension))

describe('shipped survey templates', () => {
  it('ships the five templates, each once', () => {
    expect(SHIPPED_SURVEY_TEMPLATES.map((s) => s.key)).toEqual(['outpatient', 'inpatient', 'staff', 'complaint_followup', 'quick_rating'])
  })

  it.each(SHIPPED_SURVEY_TEMPLATES.map((s) => [s.key, s.content] as const))('%s passes the template schema unchanged', (_key, content) => {
    expect(surveyTemplateContentSchema.parse(content)).toEqual(content)
  })

  it.each(SHIPPED_SURVEY_TEMPLATES.map((s) => [s.key, s.content] as const))('%s is written in Chinese and in English', (_key, content) => {
    for (const label of labels(content)) {
      expect(label['zh-CN'], label.en).toMatch(/[\u4e00-\u9fff]/)
      expect(label.en, label['zh-CN']).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/)
    }
  })

  it('keeps free text optional everywhere and lets patients, not staff, mark it as a complaint', () => {
    for (const { key, content } of SHIPPED_SURVEY_TEMPLATES) {
      for (const q of content.questions.filter((q) => q.type === 'text')) {
        expect(q.required, `${key}.${q.id}`).toBe(false)
        expect(q.type === 'text' && q.allowComplaint, `${key}.${q.id}`).toBe(key !== 'staff')
      }
    }
  })

  it('pages the long patient surveys and shows the short ones on one page', () => {
    expect(shipped('outpatient').paged).toBe(true)
    expect(shipped('inpatient').paged).toBe(true)
    expect(shipped('complaint_followup').paged).toBe(false)
    expect(shipped('quick_rating').paged).toBe(false)
  })

  it('covers the national survey’s outpatient dimensions in 10 to 14 questions', () => {
    const content = shipped('outpatient')
    expect(content.questions.length).toBeGreaterThanOrEqual(10)
    expect(content.questions.length).toBeLessThanOrEqual(14)
    for (const d of ['process_waiting', 'doctor_communication', 'nurse_communication', 'environment', 'costs', 'privacy', 'ethics', 'overall', 'recommendation'] as const) {
      expect(dimensions(content), d).toContain(d)
    }
    expect(content.questions.filter((q) => q.type === 'nps')).toHaveLength(1)
  })

  it('covers the inpatient stay from admission to discharge in 12 to 16 questions', () => {
    const content = shipped('inpatient')
    expect(content.questions.length).toBeGreaterThanOrEqual(12)
    expect(content.questions.length).toBeLessThanOrEqual(16)
    for (const d of ['process_waiting', 'doctor_communication', 'nurse_communication', 'medical_quality', 'pain_management', 'environment', 'food', 'costs', 'discharge_guidance', 'ethics', 'overall', 'recommendation'] as const) {
      expect(dimensions(content), d).toContain(d)
    }
  })

  it('asks staff about their work in 8 to 10 questions', () => {
    const content = shipped('staff')
    expect(content.questions.length).toBeGreaterThanOrEqual(8)
    expect(content.questions.length).toBeLessThanOrEqual(10)
    for (const d of ['work_environment', 'workload', 'pay_benefits', 'management', 'growth', 'workplace_safety', 'overall'] as const) expect(dimensions(content), d).toContain(d)
  })

  it('asks after a complaint whether the problem was solved', () => {
    const content = shipped('complaint_followup')
    expect(content.questions.length).toBeGreaterThanOrEqual(4)
    expect(content.questions.length).toBeLessThanOrEqual(6)
    const resolved = content.questions.find((q) => q.type === 'single_choice')
    expect(resolved?.type === 'single_choice' && resolved.choices.map((c) => c.id)).toEqual(['solved', 'partly', 'not_solved'])
  })

  it('makes the quick rating one required overall rating', () => {
    expect(shipped('quick_rating').questions).toEqual([expect.objectContaining({ type: 'rating', required: true, dimension: 'overall' })])
  })

  it('flags every rating when a patient answers 1 throughout the outpatient survey', () => {
    const content = shipped('outpatient')
    const raw = Object.fromEntries(content.questions.filter((q) => q.type !== 'text').map((q) => [q.id, q.type === 'nps' ? '0' : '1']))
    const result = validateAnswers(content, raw, { partial: false })
    expect(result.ok).toBe(true)
    if (result.ok) expect(lowScoreFindings(content, result.answers)).toHaveLength(content.questions.length - 1)
  })

  it('cannot be changed by a hospital editing its copy', () => {
    const content = shipped('quick_rating')
    expect(() => content.questions.push(content.questions[0]!)).toThrow(TypeError)
    expect(() => Object.assign(content.title, { en: 'Changed' })).toThrow(TypeError)
  })
})
