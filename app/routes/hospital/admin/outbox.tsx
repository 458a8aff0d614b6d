import { useTranslation } from 'react-i18next'
import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/outbox'
import { isLocale } from '#app/domain/locales.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { listOutbox, outboxQuerySchema, outboxTransports, type KnownTemplate } from '#app/services/outbox.server.ts'
import { useHospital } from '../layout.tsx'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'outbox.view')
  const query = outboxQuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const page = await listOutbox(ctx, { organizationId: organization.id, before: query.before })
  return { ...page, isFirstPage: !query.before, transports: outboxTransports(ctx) }
}

export function useOutboxLabels() {
  const { t } = useTranslation('outbox')
  return {
    transport: (transport: string | null) =>
      transport === 'smtp' || transport === 'twilio' || transport === 'outbox' ? t(`transportNames.${transport}`) : (transport ?? t('transportNames.none')),
    template: (m: { template: string; knownTemplate: KnownTemplate | null }) => (m.knownTemplate ? t(`templates.${m.knownTemplate}`) : m.template),
  }
}

export default function Outbox() {
  const { messages, nextBefore, isFirstPage, transports } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation(['outbox', 'common'])
  const { hospital } = useHospital()
  const labels = useOutboxLabels()
  const locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro', { folder: transports.folder })}</p>
      <div className="card" aria-labelledby="outbox-transports">
        <h2 id="outbox-transports">{t('transports.heading')}</h2>
        <ul className="plain-list">
          <li>{transports.email === 'smtp' ? t('transports.emailSmtp') : t('transports.emailOutbox')}</li>
          <li>{transports.sms === 'twilio' ? t('transports.smsTwilio') : t('transports.smsOutbox')}</li>
        </ul>
      </div>
      {messages.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('columns.time')}</th>
                <th scope="col">{t('columns.channel')}</th>
                <th scope="col">{t('columns.recipient')}</th>
                <th scope="col">{t('columns.summary')}</th>
                <th scope="col">{t('columns.template')}</th>
                <th scope="col">{t('columns.status')}</th>
                <th scope="col">{t('columns.transport')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(m.createdAt, locale, hospital.timeZone)}</td>
                  <td>{t(`channels.${m.channel}`)}</td>
                  <td style={{ wordBreak: 'break-all' }}>{m.recipient}</td>
                  <td>
                    <Link to={m.id}>{m.summary || t('message.noSubject')}</Link>
                  </td>
                  <td>{labels.template(m)}</td>
                  <td>
                    <span className="pill" data-status={m.status}>
                      {t(`statuses.${m.status}`)}
                    </span>
                  </td>
                  <td>{labels.transport(m.transport)}</td>
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
