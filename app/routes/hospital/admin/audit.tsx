import { useTranslation } from 'react-i18next'
import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/audit'
import { isLocale } from '#app/domain/locales.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { auditQuerySchema, listAuditLog, type AuditValue, type ChangeShape, type FieldChange } from '#app/services/audit-log.server.ts'
import { useHospital } from '../layout.tsx'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, locale } = await requireHospitalAccess(args, 'audit.view')
  const query = auditQuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const page = await listAuditLog(ctx, { organizationId: organization.id, before: query.before, locale })
  return { ...page, isFirstPage: !query.before }
}

function useChangeText() {
  const { t } = useTranslation(['audit', 'common'])
  const value = (v: AuditValue): string => {
    switch (v.kind) {
      case 'empty':
        return t('values.empty')
      case 'boolean':
        return v.value ? t('values.yes') : t('values.no')
      case 'role':
        return t(`common:roles.${v.role}`)
      case 'locale':
        return t(`common:language.${v.locale}`)
      case 'departmentType':
        return t(`common:departmentTypes.${v.type}`)
      case 'text':
        return v.text
    }
  }
  return (change: FieldChange, shape: ChangeShape) => {
    const field = change.knownField ? t(`fields.${change.knownField}`) : change.field
    if (shape === 'created') return t('fieldValue', { field, value: value(change.after) })
    if (shape === 'removed') return t('fieldValue', { field, value: value(change.before) })
    return t('changeFromTo', { field, before: value(change.before), after: value(change.after) })
  }
}

export default function AuditLog() {
  const { events, nextBefore, isFirstPage } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation(['audit', 'common'])
  const { hospital } = useHospital()
  const changeText = useChangeText()
  const locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {events.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('columns.time')}</th>
                <th scope="col">{t('columns.actor')}</th>
                <th scope="col">{t('columns.action')}</th>
                <th scope="col">{t('columns.entity')}</th>
                <th scope="col">{t('columns.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.createdAt, locale, hospital.timeZone)}</td>
                  <td>
                    {e.actor ? (
                      <>
                        {e.actor.name}
                        {e.actor.email ? (
                          <>
                            <br />
                            <span className="muted" style={{ wordBreak: 'break-all' }}>
                              {e.actor.email}
                            </span>
                          </>
                        ) : null}
                      </>
                    ) : (
                      t('system')
                    )}
                  </td>
                  <td data-action={e.action}>{e.knownAction ? t(`actions.${e.knownAction}`) : e.action}</td>
                  <td>
                    {e.knownEntityType ? t(`entities.${e.knownEntityType}`) : e.entityType}
                    {e.entityLabel ? (
                      <>
                        <br />
                        {e.entityLabel}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {e.changes.length === 0 ? (
                      t('noChanges')
                    ) : (
                      <ul className="plain-list" style={{ margin: 0 }}>
                        {e.changes.map((c) => (
                          <li key={c.field} style={{ padding: 0 }}>
                            {changeText(c, e.shape)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore || !isFirstPage ? (
        <nav aria-label={t('pagination')}>
          <p>
            {!isFirstPage ? <Link to=".">{t('newest')}</Link> : null}
            {!isFirstPage && nextBefore ? ' · ' : null}
            {nextBefore ? <Link to={`?before=${nextBefore}`}>{t('older')} →</Link> : null}
          </p>
        </nav>
      ) : null}
    </section>
  )
}
