import { useTranslation } from 'react-i18next'
import { data, Link, redirect, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/case'
import { CaseActionForms } from '#app/components/cases/case-action-forms.tsx'
import { CaseClocks } from '#app/components/cases/case-clocks.tsx'
import { CaseContact } from '#app/components/cases/case-contact.tsx'
import { CaseDepartments } from '#app/components/cases/case-departments.tsx'
import { CaseHeader } from '#app/components/cases/case-header.tsx'
import { CaseNamesProvider } from '#app/components/cases/case-names.tsx'
import { CaseNoteForm } from '#app/components/cases/case-notes.tsx'
import { CaseOutcome } from '#app/components/cases/case-outcome.tsx'
import { CaseSubmission } from '#app/components/cases/case-submission.tsx'
import { CaseTimeline } from '#app/components/cases/case-timeline.tsx'
import { CASE_ACTION_TYPES, type CaseActionType } from '#app/domain/case-actions.ts'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { forbidden, notFound } from '#app/lib/http-errors.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { actionFormValues, performCaseActionForm } from '#app/services/case-action-form.server.ts'
import { addInternalNote, internalNoteSchema, NOTE_MAX } from '#app/services/case-notes.server.ts'
import { loadCaseView } from '#app/services/case-view.server.ts'
import { revealContact } from '#app/services/contact-reveal.server.ts'
import { useHospital } from '../layout.tsx'

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? data.view.case.number : '' }]
}

/** A revealed contact's response says not to cache it (action headers only reach the document through here). */
export function headers({ actionHeaders, loaderHeaders }: Route.HeadersArgs) {
  return actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders
}

/** `?done=` after a successful post: an action's type, or `note`. */
const isDone = (v: string | null): v is CaseActionType | 'note' => v === 'note' || (CASE_ACTION_TYPES as readonly (string | null)[]).includes(v)

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, user, membership } = await requireHospitalAccess(args, 'cases.view')
  const view = await loadCaseView(ctx, { organizationId: organization.id, userId: user.id }, args.params.caseId)
  if (!view) notFound()
  const done = new URL(args.request.url).searchParams.get('done')
  return { view, canReveal: can(membership.role, 'contact.reveal'), readOnly: membership.role === 'leadership', noteMax: NOTE_MAX, done: isDone(done) ? done : null }
}

export async function action(args: Route.ActionArgs) {
  const form = await args.request.formData()
  const intent = form.get('intent')
  const { caseId } = args.params

  if (intent === 'revealContact') {
    const { ctx, organization, user } = await requireHospitalAccess(args, 'contact.reveal')
    const result = await revealContact(ctx, { organizationId: organization.id, actorUserId: user.id }, caseId)
    if (!result.ok) return result.error === 'forbidden' ? forbidden() : notFound()
    // This response alone carries the contact: nothing stores the reveal, nothing may cache it.
    return data({ intent: 'revealContact' as const, contact: result.contact }, { headers: { 'Cache-Control': 'private, no-store' } })
  }

  const { ctx, organization, user, membership, locale } = await requireHospitalAccess(args, 'cases.view')
  if (membership.role === 'leadership') forbidden()
  const t = translator(locale)
  const actor = { organizationId: organization.id, actorUserId: user.id }
  const back = (done: string) => redirect(`/app/${organization.slug}/cases/${caseId}?done=${done}`)

  if (intent === 'addNote') {
    const values = { text: String(form.get('text') ?? '') }
    const parsed = internalNoteSchema.safeParse(values)
    if (!parsed.success) return data({ intent: 'addNote' as const, values, error: toFieldErrors(parsed.error, locale).text }, { status: 400 })
    const result = await addInternalNote(ctx, actor, caseId, parsed.data)
    if (!result.ok) return result.error === 'forbidden' ? forbidden() : notFound()
    return back('note')
  }

  if (intent === 'action') {
    const values = actionFormValues(form)
    const result = await performCaseActionForm(ctx, actor, caseId, values)
    if (result.ok) return back(result.type)
    if (result.notFound) notFound()
    const failed = { type: String(values.type ?? ''), values, error: String(t(result.error as never, (result.params ?? {}) as never)), field: result.field }
    // A field the user can correct is a bad request; a refusal by the rules conflicts with the case as it is now.
    return data({ intent: 'action' as const, failed }, { status: result.field ? 400 : 409 })
  }
  return data({ intent: 'unknown' as const }, { status: 400 })
}

export default function CasePage() {
  const { view, canReveal, readOnly, noteMax, done } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation(['casePage', 'cases'])
  const base = `/app/${useHospital().hospital.slug}`
  const attachmentHref = (id: string) => `${base}/cases/${view.case.id}/attachments/${id}`
  const revealed = actionData?.intent === 'revealContact' ? actionData.contact : null
  const noteFailed = actionData?.intent === 'addNote' ? actionData : undefined
  const failed = actionData?.intent === 'action' ? actionData.failed : undefined
  return (
    <CaseNamesProvider names={view.names} timeZone={view.timeZone}>
      <section className="case-page" data-case={view.case.id}>
        <p>
          <Link to={`${base}/cases`}>← {t('backToList')}</Link>
        </p>
        {done && !actionData ? (
          <p className="notice" role="status">
            {done === 'note' ? t('notices.noted') : t('notices.done', { action: t(`cases:actions.${done}`) })}
          </p>
        ) : null}
        <CaseHeader kase={view.case} channel={view.submission.channel} receivedAt={view.submission.receivedAt} />
        <CaseOutcome outcome={view.case} />
        <CaseClocks clocks={view.clocks} />
        <CaseSubmission submission={view.submission} attachmentHref={attachmentHref} />
        <CaseContact masked={view.contact} revealed={revealed} canReveal={canReveal} consentToContact={view.submission.consentToContact} />
        <CaseDepartments involved={view.involved} clocks={view.clocks} />
        <CaseActionForms actions={view.actions} options={view.forms} currentAnswer={view.case.answer} failed={failed} readOnly={readOnly} />
        {view.canAddNote ? <CaseNoteForm max={noteMax} value={noteFailed?.values.text} error={noteFailed?.error} /> : null}
        <CaseTimeline events={view.timeline} attachmentHref={attachmentHref} />
      </section>
    </CaseNamesProvider>
  )
}
