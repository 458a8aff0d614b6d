import { useTranslation } from 'react-i18next'
import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/intake-receipt'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { requireHospitalAccess, type HospitalAccess } from '#app/lib/auth.server.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { getStaffIntakeReceipt, issueStaffTrackingLink, type StaffIntakeReceipt } from '#app/services/staff-intake.server.ts'
import { useHospital } from './layout.tsx'

const actorOf = ({ organization, user, membership }: HospitalAccess) => ({ organizationId: organization.id, userId: user.id, role: membership.role, departmentIds: membership.departmentIds })

export async function loader(args: Route.LoaderArgs) {
  const access = await requireHospitalAccess(args, 'intake.create')
  const receipt = await getStaffIntakeReceipt(access.ctx, actorOf(access), args.params.submissionId)
  if (!receipt) notFound()
  return { receipt }
}

export async function action(args: Route.ActionArgs) {
  const access = await requireHospitalAccess(args, 'intake.create')
  const form = await args.request.formData()
  if (form.get('intent') !== 'issueTrackingLink') return data({ receipt: null }, { status: 400 })
  const receipt = await issueStaffTrackingLink(access.ctx, actorOf(access), args.params.submissionId)
  if (!receipt) notFound()
  return { receipt }
}

export default function IntakeReceiptPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('staffIntake')
  const { hospital } = useHospital()
  const receipt = actionData?.receipt ?? loaded.receipt
  return (
    <section>
      <p>
        <Link to={`/app/${hospital.slug}/intake/new`}>← {t('receipt.another')}</Link>
      </p>
      <h1>{t('receipt.title')}</h1>
      {actionData?.receipt ? (
        <p className="notice" role="status">
          {t('receipt.linkIssued')}
        </p>
      ) : null}
      <ReceiptDetails receipt={receipt} />
      {receipt.trackingUrl ? null : (
        <Form method="post" className="card form" aria-labelledby="new-tracking-link">
          <h2 id="new-tracking-link">{t('receipt.trackingTitle')}</h2>
          <p className="hint">{t('receipt.trackingHidden')}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="issueTrackingLink" />
          <button type="submit" className="secondary">
            {t('receipt.issueLink')}
          </button>
        </Form>
      )}
    </section>
  )
}

/** The facts staff read out or hand over; also rendered right after recording (intake-new). */
export function ReceiptDetails({ receipt }: { receipt: StaffIntakeReceipt }) {
  const { t, i18n } = useTranslation(['staffIntake', 'intake', 'common'])
  const { hospital } = useHospital()
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN'
  const when = (iso: string) => formatDateTime(iso, locale, hospital.timeZone)
  const department = locale === 'en' && receipt.departmentNameEn ? receipt.departmentNameEn : receipt.departmentName
  const notGiven = <span className="muted">{t('receipt.notGiven')}</span>
  return (
    <div className="card" data-receipt={receipt.submissionId}>
      <dl className="facts">
        <dt>{t('receipt.number')}</dt>
        <dd>
          <strong data-case-number>{receipt.number}</strong>
        </dd>
        <dt>{t('receipt.kind')}</dt>
        <dd>{t(`intake:kinds.${receipt.kind as 'complaint'}`)}</dd>
        <dt>{t('receipt.channel')}</dt>
        <dd>{t(`intake:channels.${receipt.channel as 'phone'}`)}</dd>
        {receipt.caseStatus ? (
          <>
            <dt>{t('receipt.status')}</dt>
            <dd>{t(`intake:caseStatuses.${receipt.caseStatus as 'received'}`)}</dd>
          </>
        ) : null}
        {receipt.firstResponsibleName ? (
          <>
            <dt>{t('receipt.firstResponsible')}</dt>
            <dd data-first-responsible>{receipt.firstResponsibleName}</dd>
          </>
        ) : (
          <>
            <dt>{t('receipt.enteredBy')}</dt>
            <dd>{receipt.enteredByName}</dd>
          </>
        )}
        {receipt.answerDueAt ? (
          <>
            <dt>{t('receipt.answerDue')}</dt>
            <dd>{when(receipt.answerDueAt)}</dd>
          </>
        ) : null}
        <dt>{t('receipt.receivedAt')}</dt>
        <dd>{when(receipt.receivedAt)}</dd>
        <dt>{t('receipt.department')}</dt>
        <dd>{department ?? notGiven}</dd>
        {receipt.kind === 'praise' ? (
          <>
            <dt>{t('receipt.praised')}</dt>
            <dd>{receipt.praisedName ?? notGiven}</dd>
          </>
        ) : null}
        <dt>{t('receipt.contactPhone')}</dt>
        <dd>{receipt.contactPhone ?? notGiven}</dd>
        <dt>{t('receipt.contactEmail')}</dt>
        <dd>{receipt.contactEmail ?? notGiven}</dd>
        <dt>{t('receipt.patientLocale')}</dt>
        <dd>{t(`common:language.${receipt.patientLocale as 'en'}`)}</dd>
      </dl>
      {receipt.firstResponsibleName ? <p className="warning">{t('duty')}</p> : null}
      {receipt.trackingUrl ? (
        <section aria-labelledby="tracking-link">
          <h2 id="tracking-link">{t('receipt.trackingTitle')}</h2>
          <p className="hint">{t('receipt.trackingShownOnce')}</p>
          <p style={{ wordBreak: 'break-all' }}>
            <code data-tracking-url>{receipt.trackingUrl}</code>
          </p>
        </section>
      ) : null}
    </div>
  )
}
