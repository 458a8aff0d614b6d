import { useTranslation } from 'react-i18next'
import type { AnswerChannel } from '#app/domain/case-answer.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { useCaseNames } from './case-names.tsx'
import { MULTILINE } from './case-text.tsx'

export interface CaseOutcomeData {
  answer: string | null
  answeredAt: string | null
  answerVia: AnswerChannel | null
  declineReason: string | null
  resolution: 'on_the_spot' | 'handled' | null
  resolutionNote: string | null
  finding: string | null
  valid: boolean | null
  attributedDepartmentId: string | null
  attributedUserId: string | null
  remedy: string | null
  closedAt: string | null
}

/** The answer given, the reason for not accepting, or the closing record — whichever the case has. */
export function CaseOutcome({ outcome }: { outcome: CaseOutcomeData }) {
  const { t } = useTranslation(['casePage', 'cases'])
  const { department, user, locale, timeZone } = useCaseNames()
  const at = (iso: string) => formatDateTime(iso, locale, timeZone)
  if (!outcome.answer && !outcome.declineReason && !outcome.resolution) return null
  return (
    <section className="card" aria-labelledby="case-outcome" data-outcome>
      <h2 id="case-outcome">{t('outcome.title')}</h2>
      <dl>
        {outcome.declineReason ? (
          <>
            <dt>{t('outcome.declineReason')}</dt>
            <dd className="case-text" style={MULTILINE}>{outcome.declineReason}</dd>
          </>
        ) : null}
        {outcome.resolution ? (
          <>
            <dt>{t('outcome.resolution')}</dt>
            <dd>{t(`cases:resolutions.${outcome.resolution}`)}</dd>
          </>
        ) : null}
        {outcome.resolutionNote ? (
          <>
            <dt>{t('outcome.whatWasDone')}</dt>
            <dd className="case-text" style={MULTILINE}>{outcome.resolutionNote}</dd>
          </>
        ) : null}
        {outcome.finding ? (
          <>
            <dt>{t('outcome.finding')}</dt>
            <dd className="case-text" style={MULTILINE}>{outcome.finding}</dd>
          </>
        ) : null}
        {outcome.valid !== null ? (
          <>
            <dt>{t('outcome.valid')}</dt>
            <dd data-valid={String(outcome.valid)}>{outcome.valid ? t('outcome.validYes') : t('outcome.validNo')}</dd>
          </>
        ) : null}
        {outcome.attributedDepartmentId ? (
          <>
            <dt>{t('outcome.attributedDepartment')}</dt>
            <dd data-attributed-department>{department(outcome.attributedDepartmentId)}</dd>
          </>
        ) : null}
        {outcome.attributedUserId ? (
          <>
            <dt>{t('outcome.attributedUser')}</dt>
            <dd>{user(outcome.attributedUserId)}</dd>
          </>
        ) : null}
        {outcome.remedy ? (
          <>
            <dt>{t('outcome.remedy')}</dt>
            <dd className="case-text" style={MULTILINE}>{outcome.remedy}</dd>
          </>
        ) : null}
        {outcome.answer ? (
          <>
            <dt>{t('outcome.answer')}</dt>
            <dd className="case-text" style={MULTILINE}>{outcome.answer}</dd>
          </>
        ) : null}
        {outcome.answeredAt ? (
          <>
            <dt>{t('outcome.answeredAt')}</dt>
            <dd>{at(outcome.answeredAt)}</dd>
          </>
        ) : null}
        {outcome.answerVia ? (
          <>
            <dt>{t('outcome.answerVia')}</dt>
            <dd>{t(`via.${outcome.answerVia}`)}</dd>
          </>
        ) : null}
        {outcome.closedAt ? (
          <>
            <dt>{t('outcome.closedAt')}</dt>
            <dd>{at(outcome.closedAt)}</dd>
          </>
        ) : null}
      </dl>
    </section>
  )
}
