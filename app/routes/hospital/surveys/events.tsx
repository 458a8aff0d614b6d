import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/events'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, TextField } from '#app/components/forms/field.tsx'
import { isLocale, type Locale } from '#app/domain/locales.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { translator } from '#app/lib/i18n.ts'
import { recentPatientEventImports, uploadPatientEventFile } from '#app/services/patient-event-import.server.ts'
import { recentPatientEvents } from '#app/services/patient-events.server.ts'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'patientEvents.import')
  const [imports, events] = await Promise.all([recentPatientEventImports(ctx, organization.id), recentPatientEvents(ctx, organization.id)])
  return { imports, events, timeZone: organization.timeZone, slug: organization.slug }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'patientEvents.import')
  const result = await uploadPatientEventFile(ctx, { organizationId: organization.id, actorUserId: user.id }, args.request)
  if (!result.ok) return data({ formError: translator(locale)(`surveys:events.errors.${result.error}`) }, { status: 400 })
  return redirect(`/app/${organization.slug}/surveys/events/imports/${result.importId}`)
}

export default function PatientEvents() {
  const { imports, events, timeZone, slug } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation('surveys')
  const locale: Locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  const en = locale === 'en'
  return (
    <section>
      <h1>{t('events.title')}</h1>
      <p className="muted">{t('events.intro')}</p>

      <Form method="post" encType="multipart/form-data" className="card" aria-label={t('events.upload.title')}>
        <CsrfInput />
        <h2>{t('events.upload.title')}</h2>
        <FormError message={actionData?.formError} />
        <TextField label={t('events.upload.file')} name="file" type="file" accept=".csv,text/csv" required hint={t('events.upload.hint')} />
        <button type="submit">{t('events.upload.submit')}</button>
      </Form>

      <h2>{t('events.imports.title')}</h2>
      {imports.length === 0 ? (
        <p>{t('events.imports.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('events.imports.fileName')}</th>
                <th scope="col">{t('events.imports.status')}</th>
                <th scope="col">{t('events.imports.rows')}</th>
                <th scope="col">{t('events.imports.imported')}</th>
                <th scope="col">{t('events.imports.createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.id} data-import={i.id}>
                  <td>
                    <Link to={`/app/${slug}/surveys/events/imports/${i.id}`}>{i.fileName}</Link>
                  </td>
                  <td>{t(`events.status.${i.status as 'previewed' | 'imported' | 'failed'}`)}</td>
                  <td>{i.totalRows}</td>
                  <td>{i.importedRows}</td>
                  <td>{formatDateTime(i.createdAt, locale, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('events.recent.title')}</h2>
      {events.length === 0 ? (
        <p>{t('events.recent.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('events.recent.occurredAt')}</th>
                <th scope="col">{t('events.recent.type')}</th>
                <th scope="col">{t('events.recent.patient')}</th>
                <th scope="col">{t('events.recent.department')}</th>
                <th scope="col">{t('events.recent.source')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} data-event={e.externalId ?? e.id}>
                  <td>{formatDateTime(e.occurredAt, locale, timeZone)}</td>
                  <td>{t(`events.types.${e.type}`)}</td>
                  <td>
                    {e.patientName ?? ''} {e.contact ?? ''}
                  </td>
                  <td>{e.department ? (en ? (e.department.nameEn ?? e.department.name) : e.department.name) : ''}</td>
                  <td>{t(`events.sources.${e.source as 'csv' | 'api'}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
