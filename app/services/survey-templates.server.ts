import { z } from 'zod'
import { SHIPPED_SURVEY_TEMPLATES } from '#app/domain/shipped-survey-templates.ts'
import {
  addQuestion,
  editNeedsNewVersion,
  moveQuestion,
  newQuestionId,
  removeQuestion,
  replaceQuestion,
  surveyQuestionSchema,
  surveyTemplateContentSchema,
  type SurveyContent,
} from '#app/domain/survey-template.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import {
  findLatestVersion,
  findTemplate,
  insertTemplate,
  insertTemplateVersion,
  listQuestionIdsOfAllVersions,
  listTemplateKeys,
  listTemplatesWithLatest,
  touchTemplate,
  updateTemplateVersionContent,
} from '#db/queries/survey-templates.ts'
import { audit } from './audit.server.ts'

type Actor = { organizationId: string; actorUserId: string }

/**
 * Gives a hospital the shipped templates it lacks, each as version 1. Idempotent: the
 * (hospital, key) pair is unique, so running it twice or concurrently adds nothing.
 */
export async function installShippedTemplates(tx: Executor, organizationId: string) {
  const present = new Set(await listTemplateKeys(tx, { organizationId }))
  for (const shipped of SHIPPED_SURVEY_TEMPLATES) {
    if (present.has(shipped.key)) continue
    const template = await insertTemplate(tx, { organizationId, key: shipped.key, name: shipped.content.title['zh-CN'], nameEn: shipped.content.title.en })
    if (!template) continue
    await insertTemplateVersion(tx, { organizationId, templateId: template.id, version: 1, content: structuredClone(shipped.content) as SurveyContent, createdByUserId: null })
  }
}

/** Hospitals created before templates existed get them on first visit; one small query otherwise. */
async function ensureShippedTemplates(ctx: AppContext, organizationId: string) {
  const present = await listTemplateKeys(ctx.db, { organizationId })
  if (SHIPPED_SURVEY_TEMPLATES.every((s) => present.includes(s.key))) return
  await ctx.db.transaction((tx) => installShippedTemplates(tx, organizationId))
}

export async function listSurveyTemplates(ctx: AppContext, organizationId: string) {
  await ensureShippedTemplates(ctx, organizationId)
  return listTemplatesWithLatest(ctx.db, { organizationId })
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The template and its latest version for the editor; undefined for another hospital's or an unknown id. */
export async function surveyTemplateForEditor(ctx: AppContext, organizationId: string, templateId: string) {
  if (!UUID.test(templateId)) return undefined
  const template = await findTemplate(ctx.db, { organizationId, templateId })
  if (!template) return undefined
  const latest = await findLatestVersion(ctx.db, { organizationId, templateId })
  if (!latest) return undefined
  return {
    template,
    version: latest.version,
    inUse: editNeedsNewVersion({ usedByCampaign: latest.usedByCampaign, hasResponses: latest.hasResponses }),
    usedByCampaign: latest.usedByCampaign,
    hasResponses: latest.hasResponses,
  }
}

export const newTemplateSchema = z.object({
  name: z.string({ error: 'surveys:templates.errors.nameRequired' }).trim().min(1, 'surveys:templates.errors.nameRequired').max(100, 'surveys:templates.errors.nameTooLong'),
  nameEn: z.string({ error: 'surveys:templates.errors.nameEnRequired' }).trim().min(1, 'surveys:templates.errors.nameEnRequired').max(100, 'surveys:templates.errors.nameTooLong'),
})
export type NewTemplateInput = z.infer<typeof newTemplateSchema>

/** A new template starts with one question, overall satisfaction, so it is valid from the start. */
function starterContent({ name, nameEn }: NewTemplateInput): SurveyContent {
  return {
    title: { 'zh-CN': name, en: nameEn },
    paged: false,
    questions: [
      {
        id: 'q1',
        type: 'rating',
        required: true,
        dimension: 'overall',
        text: { 'zh-CN': '总体来说，您对我院的服务满意吗？', en: 'Overall, how satisfied are you with our hospital’s service?' },
      },
    ],
  }
}

export async function createSurveyTemplate(ctx: AppContext, actor: Actor, input: NewTemplateInput) {
  const { organizationId } = actor
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now()
    const template = await insertTemplate(tx, { organizationId, key: null, name: input.name, nameEn: input.nameEn, createdAt: now })
    if (!template) throw new Error('a template without a key cannot conflict')
    const content = starterContent(input)
    const version = await insertTemplateVersion(tx, { organizationId, templateId: template.id, version: 1, content, createdByUserId: actor.actorUserId })
    await audit(tx, {
      organizationId,
      actorUserId: actor.actorUserId,
      action: 'survey_template.created',
      entityType: 'survey_template',
      entityId: template.id,
      after: { name: template.name, nameEn: template.nameEn, version: version.version, questions: content.questions.length },
    })
    return template
  })
}

export async function setSurveyTemplateArchived(ctx: AppContext, actor: Actor, templateId: string, archived: boolean) {
  const { organizationId } = actor
  if (!UUID.test(templateId)) return { ok: false as const }
  return ctx.db.transaction(async (tx) => {
    const before = await findTemplate(tx, { organizationId, templateId, lock: true })
    if (!before) return { ok: false as const }
    if (Boolean(before.archivedAt) === archived) return { ok: true as const, changed: false }
    const now = ctx.clock.now()
    await touchTemplate(tx, { organizationId, templateId, updatedAt: now, archivedAt: archived ? now : null })
    await audit(tx, {
      organizationId,
      actorUserId: actor.actorUserId,
      action: archived ? 'survey_template.archived' : 'survey_template.unarchived',
      entityType: 'survey_template',
      entityId: templateId,
      before: { archivedAt: before.archivedAt },
      after: { archivedAt: archived ? now : null },
    })
    return { ok: true as const, changed: true }
  })
}

/** What an edit does to the latest content; it may refuse with field errors (translation keys). */
export type ContentEdit = (content: SurveyContent, allQuestionIds: string[]) => { ok: true; content: unknown; summary: Record<string, unknown> } | { ok: false; errors: z.ZodError }

export type ContentEditResult =
  | { ok: true; version: number; newVersion: boolean; previousVersion: number }
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'invalid'; issues: z.ZodError }

/** Short before/after of a version for the audit log: the whole content can be large. */
function summarize(content: SurveyContent) {
  return { title: content.title['zh-CN'], paged: content.paged, questions: content.questions.map((q) => `${q.id}:${q.type}`) }
}

/**
 * Applies an edit to a template's latest version. A version in use (by a campaign or by
 * responses) is never changed: the edit becomes version N+1. The template row is locked so two
 * editors cannot both create the same next version or edit a version a campaign just took.
 */
export async function editSurveyTemplateContent(ctx: AppContext, actor: Actor, templateId: string, edit: ContentEdit): Promise<ContentEditResult> {
  const { organizationId } = actor
  if (!UUID.test(templateId)) return { ok: false, error: 'notFound' }
  return ctx.db.transaction(async (tx) => {
    const template = await findTemplate(tx, { organizationId, templateId, lock: true })
    if (!template) return { ok: false as const, error: 'notFound' as const }
    const latest = await findLatestVersion(tx, { organizationId, templateId })
    if (!latest) return { ok: false as const, error: 'notFound' as const }
    const allIds = await listQuestionIdsOfAllVersions(tx, { organizationId, templateId })
    const before = latest.version.content
    const edited = edit(structuredClone(before), allIds)
    if (!edited.ok) return { ok: false as const, error: 'invalid' as const, issues: edited.errors }
    const parsed = surveyTemplateContentSchema.safeParse(edited.content)
    if (!parsed.success) return { ok: false as const, error: 'invalid' as const, issues: parsed.error }
    const content = parsed.data
    const newVersion = editNeedsNewVersion(latest)
    const previousVersion = latest.version.version
    let version = previousVersion
    if (newVersion) {
      version = previousVersion + 1
      await insertTemplateVersion(tx, { organizationId, templateId, version, content, createdByUserId: actor.actorUserId })
    } else {
      await updateTemplateVersionContent(tx, { organizationId, versionId: latest.version.id, content })
    }
    await touchTemplate(tx, { organizationId, templateId, updatedAt: ctx.clock.now() })
    await audit(tx, {
      organizationId,
      actorUserId: actor.actorUserId,
      action: newVersion ? 'survey_template.version_created' : 'survey_template.updated',
      entityType: 'survey_template',
      entityId: templateId,
      before: { version: previousVersion, ...summarize(before) },
      after: { version, ...summarize(content), change: edited.summary },
    })
    return { ok: true as const, version, newVersion, previousVersion }
  })
}

// ——— Editor forms: plain POST fields turned into content edits. ———

type Form = Record<string, FormDataEntryValue | undefined>
const str = (v: FormDataEntryValue | undefined) => (typeof v === 'string' ? v : '')
const localizedFrom = (form: Form, prefix: string) => ({ 'zh-CN': str(form[`${prefix}Zh`]), en: str(form[`${prefix}En`]) })

/** Choices typed one per line as "中文 | English"; existing choice ids are kept by position. */
export function parseChoiceLines(text: string, existingIds: string[] = []) {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  const used = new Set(existingIds)
  let next = 1
  const freshId = () => {
    while (used.has(`c${next}`)) next++
    used.add(`c${next}`)
    return `c${next}`
  }
  return lines.map((line, i) => {
    const at = line.search(/[|｜]/)
    const zh = at === -1 ? line : line.slice(0, at).trim()
    const en = at === -1 ? '' : line.slice(at + 1).trim()
    return { id: existingIds[i] ?? freshId(), label: { 'zh-CN': zh, en } }
  })
}

/** A question as the editor's form describes it; the domain schema validates it. */
function questionFromForm(form: Form, id: string, existingChoiceIds: string[]) {
  const type = str(form.type)
  const isChoice = type === 'single_choice' || type === 'multiple_choice'
  return {
    id,
    type,
    required: form.required === 'on' || form.required === 'true',
    dimension: str(form.dimension),
    text: localizedFrom(form, 'text'),
    help: localizedFrom(form, 'help'),
    ...(isChoice && { choices: parseChoiceLines(str(form.choices), existingChoiceIds) }),
    ...(type === 'text' && { allowComplaint: form.allowComplaint === 'on' || form.allowComplaint === 'true' }),
  }
}

const invalid = (error: z.ZodError) => ({ ok: false as const, errors: error })
const missingQuestion = () => invalid(new z.ZodError([{ code: 'custom', path: [], message: 'surveys:templates.errors.questionNotFound', input: undefined }]))

export function addQuestionEdit(form: Form): ContentEdit {
  return (content, allIds) => {
    const id = newQuestionId(allIds)
    const parsed = surveyQuestionSchema.safeParse(questionFromForm(form, id, []))
    if (!parsed.success) return invalid(parsed.error)
    return { ok: true, content: addQuestion(content, parsed.data), summary: { added: id } }
  }
}

export function replaceQuestionEdit(form: Form): ContentEdit {
  const id = str(form.questionId)
  return (content) => {
    const existing = content.questions.find((q) => q.id === id)
    if (!existing) return missingQuestion()
    const choiceIds = 'choices' in existing && existing.choices ? existing.choices.map((c) => c.id) : []
    const parsed = surveyQuestionSchema.safeParse(questionFromForm(form, id, choiceIds))
    if (!parsed.success) return invalid(parsed.error)
    return { ok: true, content: replaceQuestion(content, parsed.data), summary: { edited: id } }
  }
}

export function removeQuestionEdit(form: Form): ContentEdit {
  const id = str(form.questionId)
  return (content) => (content.questions.some((q) => q.id === id) ? { ok: true, content: removeQuestion(content, id), summary: { removed: id } } : missingQuestion())
}

export function moveQuestionEdit(form: Form): ContentEdit {
  const id = str(form.questionId)
  const direction = form.direction === 'up' ? 'up' : 'down'
  return (content) => (content.questions.some((q) => q.id === id) ? { ok: true, content: moveQuestion(content, id, direction), summary: { moved: id, direction } } : missingQuestion())
}

export function settingsEdit(form: Form): ContentEdit {
  return (content) => ({
    ok: true,
    content: { ...content, title: localizedFrom(form, 'title'), intro: localizedFrom(form, 'intro'), paged: form.paged === 'on' || form.paged === 'true' },
    summary: { settings: true },
  })
}

const LOCALIZED_FIELDS = new Set(['text', 'help', 'title', 'intro'])

/** The form field an issue belongs to: `textEn` for a question's English text, `choices` for any choice. */
export function formFieldOf(path: readonly PropertyKey[]): string {
  const rest = path[0] === 'questions' ? path.slice(2) : path
  const [head, lang] = rest
  if (typeof head !== 'string') return '_form'
  if (LOCALIZED_FIELDS.has(head)) return lang === 'en' ? `${head}En` : `${head}Zh`
  return head
}

/** One translated message per form field. */
export function templateFieldErrors(error: z.ZodError, t: (key: string) => string) {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const field = formFieldOf(issue.path)
    if (out[field]) continue
    const key = /^[a-z]+:[\w.]+$/i.test(issue.message) ? issue.message : 'surveys:templates.errors.invalid'
    out[field] = t(key)
  }
  return out
}
