import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import { SelectField } from '#app/components/forms/field.tsx'
import { isLocale } from '#app/domain/locales.ts'
import { INVITATION_STATUSES, type InvitationStatus } from '#app/domain/survey-invitation.ts'
import { formatDateTime, formatNumber } from '#app/lib/format.ts'

export interface CampaignInvitationRow {
  id: string
  /** Already masked (138****1234, z***@example.com). */
  recipient: string | null
  status: InvitationStatus
  channel: 'sms' | 'email' | null
  sendAt: string | Date
  sentAt: string | Date | null
}

/** Completed ÷ sent as a percentage, or a dash before anything was sent. */
export function ResponseRate({ rate }: { rate: number | null }) {
  const { t, i18n } = useTranslation('surveys')
  const locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  return <>{rate === null ? t('campaigns.noRate') : formatNumber(rate, locale, { style: 'percent', maximumFractionDigits: 1 })}</>
}

/** Invitations per status, and the response rate. */
export function CampaignCounts({ counts, rate }: { counts: Record<InvitationStatus, number>; rate: number | null }) {
  const { t } = useTranslation('surveys')
  return (
    <section aria-labelledby="campaign-counts" className="card">
      <h2 id="campaign-counts">{t('campaigns.page.counts')}</h2>
      <dl className="counts">
        {INVITATION_STATUSES.map((s) => (
          <div key={s} data-count={s}>
            <dt>{t(`campaigns.invitationStatuses.${s}`)}</dt>
            <dd>{counts[s]}</dd>
          </div>
        ))}
        <div data-response-rate="">
          <dt>{t('campaigns.page.responseRate')}</dt>
          <dd>
            <ResponseRate rate={rate} />
          </dd>
        </div>
      </dl>
      <p className="hint">{t('campaigns.page.responseRateHint')}</p>
    </section>
  )
}

/** The latest invitations with a status filter (GET, works without JavaScript). */
export function CampaignInvitations({ invitations, statusFilter, timeZone }: { invitations: CampaignInvitationRow[]; statusFilter: InvitationStatus | null; timeZone: string }) {
  const { t, i18n } = useTranslation('surveys')
  const locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  return (
    <section aria-labelledby="campaign-invitations">
      <h2 id="campaign-invitations">{t('campaigns.page.invitations')}</h2>
      <Form method="get" className="card" aria-label={t('campaigns.page.filterStatus')}>
        <SelectField label={t('campaigns.page.filterStatus')} name="status" defaultValue={statusFilter ?? ''} key={statusFilter ?? 'all'}>
          <option value="">{t('campaigns.page.allStatuses')}</option>
          {INVITATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`campaigns.invitationStatuses.${s}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="secondary">
          {t('campaigns.page.filter')}
        </button>
      </Form>
      {invitations.length === 0 ? (
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
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id} data-invitation-status={i.status}>
                  <td>{i.recipient ?? t('campaigns.page.unknownRecipient')}</td>
                  <td>{t(`campaigns.invitationStatuses.${i.status}`)}</td>
                  <td>{i.sentAt ? formatDateTime(i.sentAt, locale, timeZone) : `${formatDateTime(i.sendAt, locale, timeZone)}${t('campaigns.page.planned')}`}</td>
                  <td>{i.channel ? t(`campaigns.page.channels.${i.channel}`) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
