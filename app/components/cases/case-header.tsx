import { useTranslation } from 'react-i18next'
import type { CaseStatus } from '#app/domain/case-status.ts'
import { CATEGORIES, type Category, type Channel } from '#app/domain/intake.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { useCaseNames, type PartyRef } from './case-names.tsx'

export interface CaseHeaderData {
  number: string
  status: CaseStatus
  heldFrom: CaseStatus | null
  urgent: boolean
  category: string | null
  answerDueAt: string
  owner: PartyRef
  firstResponsible: PartyRef
}

const isCategory = (c: string | null): c is Category => (CATEGORIES as readonly (string | null)[]).includes(c)

/** Number, status and the one accountable owner, shown first (DESIGN.md §3). */
export function CaseHeader({ kase, channel, receivedAt }: { kase: CaseHeaderData; channel: Channel; receivedAt: string }) {
  const { t } = useTranslation(['casePage', 'cases', 'intake'])
  const { party, locale, timeZone } = useCaseNames()
  return (
    <header className="case-header">
      <h1>
        {t('heading', { number: kase.number })}{' '}
        <span className="pill" data-status={kase.status}>
          {t(`cases:statuses.${kase.status}`)}
        </span>{' '}
        {kase.urgent ? (
          <strong className="pill urgent" data-urgent="true">
            {t('header.urgent')}
          </strong>
        ) : null}
      </h1>
      <div className="card case-owner" data-owner>
        <p>
          <strong>{t('header.owner')}</strong>: <span className="owner-name">{party(kase.owner)}</span>
        </p>
        <p className="hint">{t('header.ownerHint')}</p>
        <p>
          {t('header.firstResponsible')}: <span data-first-responsible>{party(kase.firstResponsible)}</span>
        </p>
      </div>
      <dl className="case-facts">
        <dt>{t('header.status')}</dt>
        <dd>
          {t(`cases:statuses.${kase.status}`)}
          {kase.heldFrom ? ` · ${t('header.heldFrom', { status: t(`cases:statuses.${kase.heldFrom}`) })}` : null}
        </dd>
        <dt>{t('header.category')}</dt>
        <dd>{isCategory(kase.category) ? t(`intake:categories.${kase.category}`) : (kase.category ?? t('header.noCategory'))}</dd>
        <dt>{t('header.channel')}</dt>
        <dd>{t(`intake:channels.${channel}`)}</dd>
        <dt>{t('header.receivedAt')}</dt>
        <dd>
          <time dateTime={receivedAt}>{formatDateTime(receivedAt, locale, timeZone)}</time>
        </dd>
        <dt>{t('header.answerDueAt')}</dt>
        <dd>
          <time dateTime={kase.answerDueAt}>{formatDateTime(kase.answerDueAt, locale, timeZone)}</time>
        </dd>
      </dl>
    </header>
  )
}
