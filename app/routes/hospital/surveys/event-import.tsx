import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/event-import'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError } from '#app/components/forms/field.tsx'
import { ColumnMappingForm } from '#app/components/patient-events/column-mapping-form.tsx'
import { PreviewTable } from '#app/components/patient-events/preview-table.tsx'
import { RowErrorsTable } from '#app/components/patient-events/row-errors.tsx'
import { isLocale, type Locale } from '#app/domain/locales.ts'
import { PREVIEW_ROWS } from '#app/domain/patient-event-rows.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { columnMappingSchema, patientEventImportPreview, runPatientEventImport, saveImportMapping } from '#app/services/patient-event-import.server.ts'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'patientEvents.import')
  const preview = await patientEventImportPreview(ctx, organization.id, args.params.importId)
  if (!preview) notFound()
  return { preview, timeZone: organization.timeZone, slug: organization.slug }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'patientEvents.import')
  const t = translator(locale)
  const actor = { organizationId: organization.id, actorUserId: user.id }
  const importId = args.params.importId
  const page = `/app/${organization.slug}/surveys/events/imports/${importId}`
  if (!(await patientEventImportPreview(ctx, organization.id, importId))) notFound()
  const form = Object.fromEntries(await args.request.formData())

  if (form.intent === 'mapping') {
    const parsed = columnMappingSchema.safeParse(form)
    if (!parsed.success) return data({ formError: t('common:errors.formHasErrors') }, { status: 400 })
    const saved = await saveImportMapping(ctx, actor, importId, parsed.data)
    if (saved === 'notFound') notFound()
    return redirect(saved === 'done' ? page : `${page}?saved=1`)
  }

  const outcome = await runPatientEventImport(ctx, actor, importId)
  if (outcome.ok) return redirect(page)
  if (outcome.reason === 'notFound') notFound()
  if (outcome.reason === 'done') return data({ formError: t('surveys:events.result.alreadyDone') }, { status: 409 })
  return data({ formError: t('surveys:events.result.refused', { count: outcome.errors ?? 0 }) }, { status: 400 })
}

export default function PatientEventImport() {
  const { preview, timeZone, slug } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation('surveys')
  const locale: Locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  const imported = preview.status === 'imported'
  return (
    <section data-import-status={preview.status}>
      <p>
        <Link to={`/app/${slug}/surveys/events`}>← {t('events.title')}</Link>
      </p>
      <h1>{preview.fileName}</h1>
      <FormError message={actionData?.formError} />
      {params.get('saved') ? (
        <p className="notice" role="status">
          {t('events.mapping.saved')}
        </p>
      ) : null}

      {imported ? (
        <div className="card" role="status">
          <label>
            {t('events.result.progress')}{' '}
            <progress value={preview.totalRows} max={preview.totalRows || 1}>
              {preview.totalRows}
            </progress>
          </label>
          <p data-imported={preview.importedRows} data-duplicates={preview.duplicates}>
            {t('events.result.imported', { imported: preview.importedRows, duplicates: preview.duplicates })}
          </p>
        </div>
      ) : (
        <>
          <ColumnMappingForm headers={preview.headers} columns={preview.columns} />

          <h2>{t('events.preview.title')}</h2>
          <p>{t('events.preview.summary', { total: preview.totalRows, valid: preview.validRows, errors: preview.errors.length })}</p>
          {preview.preview.length ? (
            <>
              <p>{t('events.preview.firstRows', { count: Math.min(PREVIEW_ROWS, preview.preview.length) })}</p>
              <PreviewTable rows={preview.preview} locale={locale} timeZone={timeZone} />
            </>
          ) : null}

          {preview.errors.length ? (
            <div className="card">
              <h2>{t('events.preview.errorsTitle')}</h2>
              <p className="warning">{t('events.preview.errorsIntro')}</p>
              <RowErrorsTable
                errors={preview.errors}
                headings={{ row: t('events.preview.row'), field: t('events.preview.field'), problem: t('events.preview.problem') }}
                fieldLabel={(e) => t(`events.fields.${e.field}`)}
                problemLabel={(e) => t(`events.errors.${e.code}`)}
              />
              <Link to={`/app/${slug}/surveys/events`}>{t('events.preview.reupload')}</Link>
            </div>
          ) : (
            <Form method="post" className="card">
              <CsrfInput />
              <input type="hidden" name="intent" value="import" />
              <p>{t('events.preview.noErrors')}</p>
              <progress value={0} max={preview.totalRows || 1} aria-label={t('events.result.progress')} />{' '}
              <button type="submit">{t('events.preview.importButton', { count: preview.validRows })}</button>
            </Form>
          )}
        </>
      )}
    </section>
  )
}
