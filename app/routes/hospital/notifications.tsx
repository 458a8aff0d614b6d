import { useTranslation } from 'react-i18next'
import { Form, Link, redirect, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/notifications'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { NotificationItem } from '#app/components/notifications/notification-item.tsx'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { badRequest, notFound } from '#app/lib/http-errors.server.ts'
import { inboxActionSchema, loadNotificationInbox, parseInboxPage, performInboxAction } from '#app/services/notification-inbox.server.ts'

/** /app/:org/notifications — the signed-in user's own SLA warnings and escalations in this hospital. */
export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, user } = await requireHospitalAccess(args, 'notifications.view')
  const page = parseInboxPage(new URL(args.request.url).searchParams.get('page'))
  const inbox = await loadNotificationInbox(ctx, { organizationId: organization.id, userId: user.id, page })
  return { inbox, timeZone: organization.timeZone, base: `/app/${organization.slug}` }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user } = await requireHospitalAccess(args, 'notifications.view')
  const form = Object.fromEntries(await args.request.formData())
  const parsed = inboxActionSchema.safeParse(form)
  // Only our own buttons post here: anything else is a bad request, another user's notification does not exist.
  if (!parsed.success) badRequest()
  const result = await performInboxAction(ctx, { organizationId: organization.id, userId: user.id }, parsed.data)
  if (!result.ok) notFound()
  // Back to the page the button was on (a form's action carries no query string without JavaScript).
  const page = parseInboxPage(typeof form.page === 'string' ? form.page : null)
  const query = new URLSearchParams(parsed.data.intent === 'readAll' ? { allRead: '1' } : page > 1 ? { page: String(page) } : {})
  return redirect(`/app/${organization.slug}/notifications${query.size ? `?${query}` : ''}`, { status: 303 })
}

export default function Notifications() {
  const { inbox, timeZone, base } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { t } = useTranslation('notifications')
  const pageHref = (page: number) => `${base}/notifications${page > 1 ? `?page=${page}` : ''}`
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {params.get('allRead') ? (
        <p className="notice" role="status">
          {t('markedAll')}
        </p>
      ) : null}
      <p data-unread-count={inbox.unread}>{inbox.unread > 0 ? t('unreadCount', { count: inbox.unread }) : t('allRead')}</p>
      {inbox.unread > 0 ? (
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="readAll" />
          <button type="submit" className="secondary">
            {t('markAllRead')}
          </button>
        </Form>
      ) : null}
      {inbox.items.length === 0 ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        <ul className="plain-list" aria-label={t('title')}>
          {inbox.items.map((n) => (
            <NotificationItem key={n.id} entry={n} caseHref={`${base}/cases/${n.caseId}`} page={inbox.page} warnPercent={inbox.warnPercent} timeZone={timeZone} />
          ))}
        </ul>
      )}
      {inbox.page > 1 || inbox.hasMore ? (
        <nav aria-label={t('paging.label')}>
          {inbox.page > 1 ? <Link to={pageHref(inbox.page - 1)}>← {t('paging.newer')}</Link> : null} <span className="muted">{t('paging.page', { page: inbox.page })}</span>{' '}
          {inbox.hasMore ? <Link to={pageHref(inbox.page + 1)}>{t('paging.older')} →</Link> : null}
        </nav>
      ) : null}
    </section>
  )
}
