import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/template'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError } from '#app/components/forms/field.tsx'
import { TemplatePreview } from '#app/components/surveys/template-preview.tsx'
import { questionFormValues, TemplateQuestionForm } from '#app/components/surveys/template-question-form.tsx'
import { settingsFormValues, TemplateSettingsForm } from '#app/components/surveys/template-settings-form.tsx'
import { isLocale } from '#app/domain/locales.ts'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { translator } from '#app/lib/i18n.ts'
import {
  addQuestionEdit,
  editSurveyTemplateContent,
  moveQuestionEdit,
  removeQuestionEdit,
  replaceQuestionEdit,
  settingsEdit,
  surveyTemplateForEditor,
  templateFieldErrors,
  type ContentEdit,
} from '#app/services/survey-templates.server.ts'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership, locale } = await requireHospitalAccess(args, 'surveys.view')
  const found = await surveyTemplateForEditor(ctx, organization.id, args.params.templateId)
  if (!found) notFound()
  const params = new URL(args.request.url).searchParams
  const lang = params.get('lang')
  const edit = params.get('edit')
  return {
    template: { id: found.template.id, name: found.template.name, nameEn: found.template.nameEn, archived: found.template.archivedAt !== null },
    version: found.version.version,
    content: found.version.content,
    inUse: found.inUse,
    previewLocale: isLocale(lang) ? lang : locale,
    editQuestionId: edit && found.version.content.questions.some((q) => q.id === edit) ? edit : null,
    canManage: can(membership.role, 'surveys.manage'),
  }
}

const EDITS: Record<string, (form: Record<string, FormDataEntryValue>) => ContentEdit> = {
  addQuestion: addQuestionEdit,
  editQuestion: replaceQuestionEdit,
  removeQuestion: removeQuestionEdit,
  moveQuestion: moveQuestionEdit,
  settings: settingsEdit,
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'surveys.manage')
  const t = translator(locale)
  const form = Object.fromEntries(await args.request.formData())
  const intent = String(form.intent ?? '')
  const makeEdit = EDITS[intent]
  if (!makeEdit) return data({ intent, questionId: null, errors: { _form: t('surveys:templates.errors.invalid') } as Record<string, string>, values: {} as Record<string, string> }, { status: 400 })
  const result = await editSurveyTemplateContent(ctx, { organizationId: organization.id, actorUserId: user.id }, args.params.templateId, makeEdit(form))
  if (!result.ok) {
    if (result.error === 'notFound') notFound()
    const errors = templateFieldErrors(result.issues, (k) => t(k as never))
    return data({ intent, questionId: typeof form.questionId === 'string' ? form.questionId : null, errors, values: form as Record<string, string> }, { status: 400 })
  }
  const page = `/app/${organization.slug}/surveys/templates/${args.params.templateId}`
  return redirect(result.newVersion ? `${page}?${new URLSearchParams({ version: String(result.version), previous: String(result.previousVersion) })}` : `${page}?saved=1`)
}

export default function SurveyTemplateEditor() {
  const { template, version, content, inUse, previewLocale, editQuestionId, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation('surveys')
  const name = i18n.language === 'en' ? (template.nameEn ?? template.name) : template.name
  const questionIntent = actionData?.intent === 'addQuestion' || actionData?.intent === 'editQuestion' ? actionData : undefined
  const editingId = questionIntent?.intent === 'editQuestion' ? (questionIntent.questionId ?? undefined) : (editQuestionId ?? undefined)
  const editing = editingId ? content.questions.find((q) => q.id === editingId) : undefined
  const editingNumber = editing ? content.questions.indexOf(editing) + 1 : undefined
  const listError = actionData && ['removeQuestion', 'moveQuestion', ''].includes(actionData.intent) ? Object.values(actionData.errors)[0] : undefined
  const settingsData = actionData?.intent === 'settings' ? actionData : undefined
  const savedVersion = params.get('version')
  return (
    <section>
      <p>
        <Link to=".." relative="path">← {t('templates.editor.back')}</Link>
      </p>
      <h1>{name}</h1>
      {params.get('created') ? (
        <p className="notice" role="status">
          {t('templates.created', { name })}
        </p>
      ) : null}
      {savedVersion ? (
        <p className="notice" role="status">
          {t('templates.editor.savedNewVersion', { version: savedVersion, previous: params.get('previous') ?? '' })}
        </p>
      ) : params.get('saved') ? (
        <p className="notice" role="status">
          {t('templates.editor.saved')}
        </p>
      ) : null}
      <p className="muted" data-version={version}>
        {t('templates.editor.currentVersion', { version })}
      </p>
      {template.archived ? <p className="warning">{t('templates.editor.archivedNote')}</p> : null}
      {inUse && canManage ? (
        <p className="warning" role="note" data-in-use="true">
          {t('templates.editor.inUse')}
        </p>
      ) : null}

      <h2>{t('templates.editor.questions')}</h2>
      <FormError message={listError} />
      <ol className="survey-template-questions">
        {content.questions.map((q, i) => {
          const number = i + 1
          return (
            <li key={q.id} data-question={q.id}>
              <strong>{i18n.language === 'en' ? q.text.en : q.text['zh-CN']}</strong>
              <p className="hint">
                {t('templates.editor.questionMeta', {
                  type: t(`templates.types.${q.type}`),
                  dimension: t(`dimensions.${q.dimension}`),
                  required: q.required ? t('templates.editor.required') : t('templates.editor.optional'),
                })}
                {'choices' in q && q.choices ? ` · ${t('templates.editor.choicesCount', { count: q.choices.length })}` : null}
              </p>
              {canManage ? (
                <div className="actions">
                  <Link to={`?edit=${q.id}#question-form`} aria-label={t('templates.editor.editLabel', { number })}>
                    {t('templates.editor.edit')}
                  </Link>
                  {i > 0 ? <QuestionButton intent="moveQuestion" questionId={q.id} direction="up" label={t('templates.editor.moveUp')} ariaLabel={t('templates.editor.moveUpLabel', { number })} /> : null}
                  {i < content.questions.length - 1 ? (
                    <QuestionButton intent="moveQuestion" questionId={q.id} direction="down" label={t('templates.editor.moveDown')} ariaLabel={t('templates.editor.moveDownLabel', { number })} />
                  ) : null}
                  <QuestionButton intent="removeQuestion" questionId={q.id} label={t('templates.editor.remove')} ariaLabel={t('templates.editor.removeLabel', { number })} />
                </div>
              ) : null}
            </li>
          )
        })}
      </ol>

      {canManage ? (
        <>
          <TemplateQuestionForm
            key={questionIntent ? `retry-${editingId ?? 'new'}` : (editingId ?? 'new')}
            questionId={editing?.id}
            number={editingNumber}
            values={questionIntent ? questionIntent.values : editing ? questionFormValues(editing) : undefined}
            errors={questionIntent?.errors}
          />
          <TemplateSettingsForm key={settingsData ? 'retry' : `v${version}`} values={settingsData ? settingsData.values : settingsFormValues(content)} errors={settingsData?.errors} />
        </>
      ) : (
        <p className="muted">{t('templates.readOnly')}</p>
      )}

      <TemplatePreview content={content} locale={previewLocale} />
    </section>
  )
}

function QuestionButton({ intent, questionId, direction, label, ariaLabel }: { intent: string; questionId: string; direction?: 'up' | 'down'; label: string; ariaLabel: string }) {
  return (
    <Form method="post" style={{ display: 'inline', marginLeft: '0.5rem' }}>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="questionId" value={questionId} />
      {direction ? <input type="hidden" name="direction" value={direction} /> : null}
      <button type="submit" className="secondary" aria-label={ariaLabel}>
        {label}
      </button>
    </Form>
  )
}
