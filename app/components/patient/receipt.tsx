import { useTranslation } from 'react-i18next'
import type { SubmissionKind } from '#app/domain/intake.ts'
import type { Locale } from '#app/domain/locales.ts'
import { formatDate, formatDateTime } from '#app/lib/format.ts'

export interface ReceiptData {
  number: string
  kind: SubmissionKind
  answerDueAt: string | null
  firstResponsible: { name: string; nameEn: string | null } | null
  contactGiven: boolean
  trackingUrl: string
  timeZone: string
}

/** Right after sending: the number (big), what happens next, the deadline and the link to keep. */
export function Receipt({ receipt }: { receipt: ReceiptData }) {
  const { t, i18n } = useTranslation(['patient', 'intake', 'common'])
  const locale = i18n.language as Locale
  const kind = receipt.kind === 'rating' ? 'complaint' : receipt.kind
  const department = receipt.firstResponsible ? (locale === 'en' && receipt.firstResponsible.nameEn ? receipt.firstResponsible.nameEn : receipt.firstResponsible.name) : t('common:roles.patient_service')
  return (
    <section className="card receipt" aria-labelledby="receipt-title">
      <h1 id="receipt-title">{t(`receipt.titles.${kind}`)}</h1>
      <p className="receipt-number">
        <span className="label">{receipt.kind === 'complaint' ? t('receipt.caseNumber') : t('receipt.referenceNumber')}</span>
        <strong data-case-number="true">{receipt.number}</strong>
      </p>
      <h2>{t('receipt.nextTitle')}</h2>
      <p>{t(`receipt.next.${kind}`, { department })}</p>
      {receipt.answerDueAt ? (
        <p className="deadline" data-answer-due="true">
          {t('receipt.deadline', { date: formatDate(receipt.answerDueAt, locale, receipt.timeZone) })}
        </p>
      ) : null}
      <p>{t('receipt.saveLink')}</p>
      <p className="tracking-link">
        <a href={receipt.trackingUrl} data-tracking-url="true">
          {receipt.trackingUrl}
        </a>
      </p>
      {receipt.contactGiven ? <p className="hint">{t('receipt.sent')}</p> : null}
    </section>
  )
}

export interface HospitalAnswerData {
  answer: string | null
  answeredAt: string | null
  /** Set when the complaint is not accepted (不予受理). */
  declineReason: string | null
  timeZone: string
}

/**
 * The hospital's reply on the tracking page, first thing after the status: the answer once
 * given, or why the complaint is not accepted.
 */
export function HospitalAnswer({ reply }: { reply: HospitalAnswerData }) {
  const { t, i18n } = useTranslation('patient')
  const locale = i18n.language as Locale
  if (reply.declineReason && !reply.answer) {
    return (
      <>
        <h2>{t('tracking.declinedTitle')}</h2>
        <div className="answer" data-decline-reason="true">
          <p className="answer-text">{reply.declineReason}</p>
          <p className="hint">{t('tracking.declinedHint')}</p>
        </div>
      </>
    )
  }
  return (
    <>
      <h2>{t('tracking.answerTitle')}</h2>
      {reply.answer ? (
        <div className="answer" data-answer="true">
          <p className="answer-text">{reply.answer}</p>
          {reply.answeredAt ? <p className="hint">{t('tracking.answeredAt', { date: formatDateTime(reply.answeredAt, locale, reply.timeZone) })}</p> : null}
        </div>
      ) : (
        <p className="hint">{t('tracking.noAnswer')}</p>
      )}
    </>
  )
}
