import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { SelectField, TextField } from '#app/components/forms/field.tsx'
import { isLocale } from '#app/domain/locales.ts'
import { INVITATION_STATUSES, type InvitationStatus } from '#app/domain/survey-invitation.ts'
import { formatDateTime } from '#app/lib/format.ts'

export interface InvitationListRow {
  id: string
  /** Already masked (138****1234, z***@example.com). */
  recipient: string | null
  status: InvitationStatus
  channel: 'sms' | 'email' | null
  sendAt: string | Date
  sentAt: string | Date | null
}

export interface InvitationListFilters {
  status?: InvitationStatus | undefined
  channel?: 'sms' | 'email' | undefined
  from?: string | undefined
  until?: string | undefined
}

/**
 * The campaign's invitations with filters and pages (plain GET links and forms: works without
 * JavaScript), and a re-send button on each failed one for those who may manage campaigns.
 */
export function CampaignInvitationList({
  items,
  total,
  page,
  pageCount,
  filters,
  prevHref,
  nextHref,
  timeZone,
  canResend,
  failedCount,
  campaignPaused,
}: {
  items: InvitationListRow[]
  total: number
  page: number
  pageCount: number
  filters: InvitationListFilters
  /** Query strings of the neighbouring pages with the current filters (null at either end). */
  prevHref: string | null
  nextHref: string | null
  timeZone: string
  canResend: boolean
  failedCount: number
  campaignPaused: boolean
}) {
  const { t, i18n } = useTranslation('surveys')
  const locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  const filterKey = JSON.stringify(filters)
  return (
    <section aria-labelledby="campaign-invitations">
      <h2 id="campaign-invitations">{t('campaigns.list.title')}</h2>
      <Form method="get" className="card" aria-label={t('campaigns.list.filters')} key={filterKey}>
        <SelectField label={t('campaigns.page.filterStatus')} name="status" defaultValue={filters.status ?? ''}>
          <option value="">{t('campaigns.page.allStatuses')}</option>
          {INVITATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`campaigns.invitationStatuses.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('campaigns.list.channel')} name="channel" defaultValue={filters.channel ?? ''}>
          <option value="">{t('campaigns.list.allChannels')}</option>
          <option value="sms">{t('campaigns.page.channels.sms')}</option>
          <option value="email">{t('campaigns.page.channels.email')}</option>
        </SelectField>
        <TextField label={t('campaigns.list.from')} name="from" type="date" defaultValue={filters.from ?? ''} />
        <TextField label={t('campaigns.list.until')} name="until" type="date" defaultValue={filters.until ?? ''} />
        <p className="actions">
          <button type="submit" className="secondary">
            {t('campaigns.page.filter')}
          </button>{' '}
          <Link to="?">{t('campaigns.list.clear')}</Link>
        </p>
      </Form>

      {canResend && failedCount > 0 ? (
        <Form method="post" className="actions" data-resend-all="">
          <CsrfInput />
          <input type="hidden" name="intent" value="resendAll" />
          <button type="submit" className="secondary">
            {t('campaigns.resend.all', { count: failedCount })}
          </button>
          <p className="hint">{campaignPaused ? t('campaigns.resend.pausedHint') : t('campaigns.resend.hint')}</p>
        </Form>
      ) : null}

      <p data-invitation-total={total}>{t('campaigns.list.total', { count: total })}</p>
      {items.length === 0 ? (
        <p>{t('campaigns.page.noInvitations')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('campaigns.page.recipient')}</th>
                <th scope="col">{t('campaigns.columns.status')}</th>
                <th scope="col">{t('campaigns.page.sendAt')}</th>
                <th scope="col">{t('campaigns.page.channel')}</th>
                {canResend ? <th scope="col">{t('campaigns.list.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id} data-invitation-status={i.status} data-invitation={i.id}>
                  <td>{i.recipient ?? t('campaigns.page.unknownRecipient')}</td>
                  <td>{t(`campaigns.invitationStatuses.${i.status}`)}</td>
                  <td>{i.sentAt ? formatDateTime(i.sentAt, locale, timeZone) : `${formatDateTime(i.sendAt, locale, timeZone)}${t('campaigns.page.planned')}`}</td>
                  <td>{i.channel ? t(`campaigns.page.channels.${i.channel}`) : ''}</td>
                  {canResend ? (
                    <td>
                      {i.status === 'failed' ? (
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="resend" />
                          <input type="hidden" name="invitationId" value={i.id} />
                          <button type="submit" className="secondary">
                            {t('campaigns.resend.one')}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pageCount > 1 ? (
        <nav aria-label={t('campaigns.list.pagination')}>
          <p>
            {prevHref ? (
              <Link to={prevHref} rel="prev">
                ← {t('campaigns.list.previous')}
              </Link>
            ) : null}{' '}
            <span>{t('campaigns.list.pageOf', { page, pageCount })}</span>{' '}
            {nextHref ? (
              <Link to={nextHref} rel="next">
                {t('campaigns.list.next')} →
              </Link>
            ) : null}
          </p>
        </nav>
      ) : null}
    </section>
  )
}
