import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/templates'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { TemplateNewForm } from '#app/components/surveys/template-new-form.tsx'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { createSurveyTemplate, listSurveyTemplates, newTemplateSchema, setSurveyTemplateArchived, templateFieldErrors } from '#app/services/survey-templates.server.ts'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership } = await requireHospitalAccess(args, 'surveys.view')
  const templates = await listSurveyTemplates(ctx, organization.id)
  return {
    templates: templates.map((t) => ({ id: t.id, name: t.name, nameEn: t.nameEn, version: t.version, questionCount: t.questionCount, usedByCampaign: t.usedByCampaign, archived: t.archivedAt !== null })),
    canManage: can(membership.role, 'surveys.manage'),
  }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'surveys.manage')
  const t = translator(locale)
  const form = Object.fromEntries(await args.request.formData())
  const actor = { organizationId: organization.id, actorUserId: user.id }
  const list = `/app/${organization.slug}/surveys/templates`

  if (form.intent === 'archive' || form.intent === 'unarchive') {
    const result = await setSurveyTemplateArchived(ctx, actor, String(form.templateId ?? ''), form.intent === 'archive')
    if (!result.ok) notFound()
    return redirect(`${list}?${form.intent === 'archive' ? 'archived' : 'unarchived'}=1`)
  }

  const parsed = newTemplateSchema.safeParse(form)
  if (!parsed.success) return data({ errors: templateFieldErrors(parsed.error, (k) => t(k as never)), values: form as Record<string, string> }, { status: 400 })
  const template = await createSurveyTemplate(ctx, actor, parsed.data)
  return redirect(`/app/${organization.slug}/surveys/templates/${template.id}?created=1`)
}

export default function SurveyTemplates() {
  const { templates, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation('surveys')
  const inEnglish = i18n.language === 'en'
  const notices = (['archived', 'unarchived'] as const).filter((k) => params.get(k))
  return (
    <section>
      <h1>{t('templates.title')}</h1>
      <p className="muted">{t('templates.intro')}</p>
      {notices.map((k) => (
        <p key={k} className="notice" role="status">
          {t(`templates.${k}`)}
        </p>
      ))}
      {templates.length === 0 ? (
        <p>{t('templates.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('templates.columns.name')}</th>
                <th scope="col">{t('templates.columns.questions')}</th>
                <th scope="col">{t('templates.columns.version')}</th>
                <th scope="col">{t('templates.columns.usage')}</th>
                <th scope="col">{t('templates.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((tpl) => {
                const name = inEnglish ? (tpl.nameEn ?? tpl.name) : tpl.name
                return (
                  <tr key={tpl.id} data-template={tpl.id} data-archived={String(tpl.archived)} data-used={String(tpl.usedByCampaign)}>
                    <td>
                      <Link to={tpl.id}>{name}</Link>
                      {tpl.archived ? <span className="badge"> {t('templates.archivedBadge')}</span> : null}
                    </td>
                    <td>{tpl.questionCount}</td>
                    <td>{t('templates.versionNumber', { version: tpl.version })}</td>
                    <td>{tpl.usedByCampaign ? t('templates.used') : t('templates.unused')}</td>
                    <td>
                      <Link to={tpl.id}>{t('templates.edit')}</Link>
                      {canManage ? (
                        <Form method="post" style={{ display: 'inline', marginLeft: '0.5rem' }}>
                          <CsrfInput />
                          <input type="hidden" name="templateId" value={tpl.id} />
                          <input type="hidden" name="intent" value={tpl.archived ? 'unarchive' : 'archive'} />
                          <button type="submit" className="secondary" aria-label={t(tpl.archived ? 'templates.unarchiveLabel' : 'templates.archiveLabel', { name })}>
                            {t(tpl.archived ? 'templates.unarchive' : 'templates.archive')}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? <TemplateNewForm errors={actionData?.errors} values={actionData?.values} /> : <p className="muted">{t('templates.readOnly')}</p>}
    </section>
  )
}
