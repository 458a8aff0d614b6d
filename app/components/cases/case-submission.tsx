import { useTranslation } from 'react-i18next'
import type { Channel, SubmissionKind } from '#app/domain/intake.ts'
import type { Locale } from '#app/domain/locales.ts'
import { CaseAttachments, type CaseAttachment } from './case-attachments.tsx'
import { useCaseNames } from './case-names.tsx'
import { CaseText } from './case-text.tsx'

export interface CaseSubmissionData {
  kind: SubmissionKind
  channel: Channel
  text: string
  touchpoint: { name: string; nameEn: string | null } | null
  departmentId: string | null
  enteredByUserId: string | null
  locale: Locale
  attachments: CaseAttachment[]
}

/** What the patient said, where it came from, and the files sent with it. */
export function CaseSubmission({ submission, attachmentHref }: { submission: CaseSubmissionData; attachmentHref: (id: string) => string }) {
  const { t } = useTranslation(['casePage', 'intake', 'common'])
  const { department, user, locale } = useCaseNames()
  const touchpoint = submission.touchpoint && (locale === 'en' && submission.touchpoint.nameEn ? submission.touchpoint.nameEn : submission.touchpoint.name)
  return (
    <section className="card" aria-labelledby="case-submission">
      <h2 id="case-submission">{t('submission.title')}</h2>
      <dl>
        <dt>{t('submission.kind')}</dt>
        <dd>{t(`intake:kinds.${submission.kind}`)}</dd>
        {touchpoint ? (
          <>
            <dt>{t('submission.touchpoint')}</dt>
            <dd>{touchpoint}</dd>
          </>
        ) : null}
        <dt>{t('submission.department')}</dt>
        <dd>{submission.departmentId ? department(submission.departmentId) : t('submission.noDepartment')}</dd>
        {submission.enteredByUserId ? (
          <>
            <dt>{t('submission.enteredBy')}</dt>
            <dd>{user(submission.enteredByUserId)}</dd>
          </>
        ) : null}
        <dt>{t('submission.language')}</dt>
        <dd>{t(`common:language.${submission.locale}`)}</dd>
      </dl>
      <h3>{t('submission.text')}</h3>
      <CaseText data-submission-text>{submission.text}</CaseText>
      {submission.attachments.length ? (
        <>
          <h3>{t('submission.attachments')}</h3>
          <CaseAttachments files={submission.attachments} href={attachmentHref} label={t('submission.attachments')} />
        </>
      ) : null}
    </section>
  )
}
