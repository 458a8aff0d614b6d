import { useTranslation } from 'react-i18next'
import { isLocale } from '#app/domain/locales.ts'
import { INVITATION_STATUSES, type InvitationStatus } from '#app/domain/survey-invitation.ts'
import { formatNumber } from '#app/lib/format.ts'


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
