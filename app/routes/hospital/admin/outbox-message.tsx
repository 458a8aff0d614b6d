import { useTranslation } from 'react-i18next'
import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/outbox-message'
import { isLocale } from '#app/domain/locales.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { getOutboxMessage } from '#app/services/outbox.server.ts'
import { useHospital } from '../layout.tsx'
import { useOutboxLabels } from './outbox.tsx'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'outbox.view')
  const message = await getOutboxMessage(ctx, { organizationId: organization.id, messageId: args.params.messageId })
  if (!message) notFound()
  return { message }
}

export default function OutboxMessage() {
  const { message } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation(['outbox', 'common'])
  const { hospital } = useHospital()
  const labels = useOutboxLabels()
  const locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  return (
    <section>
      <p>
        <Link to={`/app/${hospital.slug}/admin/outbox`}>← {t('message.back')}</Link>
      </p>
      <h1>{message.subject ?? t('message.title')}</h1>
      <div className="card">
        <dl>
          <dt>{t('message.subject')}</dt>
          <dd>{message.subject ?? t('message.noSubject')}</dd>
          <dt>{t('message.recipient')}</dt>
          <dd style={{ wordBreak: 'break-all' }}>{message.recipient}</dd>
          <dt>{t('message.channel')}</dt>
          <dd>{t(`channels.${message.channel}`)}</dd>
          <dt>{t('message.template')}</dt>
          <dd>{labels.template(message)}</dd>
          <dt>{t('message.status')}</dt>
          <dd>
            <span className="pill" data-status={message.status}>
              {t(`statuses.${message.status}`)}
            </span>
          </dd>
          <dt>{t('message.transport')}</dt>
          <dd>{labels.transport(message.transport)}</dd>
          <dt>{t('message.attempts')}</dt>
          <dd>{message.attempts}</dd>
          <dt>{t('message.lastError')}</dt>
          <dd>{message.lastError ?? t('message.noError')}</dd>
          <dt>{t('message.createdAt')}</dt>
          <dd>{formatDateTime(message.createdAt, locale, hospital.timeZone)}</dd>
          <dt>{t('message.sentAt')}</dt>
          <dd>{message.sentAt ? formatDateTime(message.sentAt, locale, hospital.timeZone) : t('message.notSent')}</dd>
        </dl>
      </div>
      <h2>{t('message.text')}</h2>
      <pre className="message">{message.text}</pre>
      {message.html ? (
        <>
          <h2>{t('message.html')}</h2>
          {/* sandbox="": no scripts, no forms, no navigation, a unique origin — the stored HTML cannot act on this page. */}
          <iframe
            sandbox=""
            srcDoc={message.html}
            title={t('message.htmlFrame')}
            referrerPolicy="no-referrer"
            style={{ width: '100%', minHeight: '28rem', border: '1px solid var(--line)', borderRadius: '6px', background: '#fff' }}
          />
        </>
      ) : null}
    </section>
  )
}
