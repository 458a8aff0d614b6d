import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/list'
import { CaseListBulkAssign } from '#app/components/cases/case-list-bulk-assign.tsx'
import { CaseListFilterForm } from '#app/components/cases/case-list-filters.tsx'
import { CaseListOutcome } from '#app/components/cases/case-list-outcome.tsx'
import { CaseListPagination } from '#app/components/cases/case-list-pagination.tsx'
import { CaseListTable } from '#app/components/cases/case-list-table.tsx'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import {
  bulkAssignSchema,
  CASE_EXPORT_MAX_ROWS,
  caseListSearch,
  decodeBulkOutcome,
  encodeBulkOutcome,
  hasActiveFilters,
  parseCaseListFilters,
} from '#app/domain/case-list-filters.ts'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { notFound } from '#app/lib/http-errors.server.ts'
import { bulkAssignCases, caseListPage } from '#app/services/case-list.server.ts'
import { useHospital } from '../layout.tsx'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, user, membership } = await requireHospitalAccess(args, 'cases.view')
  const url = new URL(args.request.url)
  const { filters, invalid } = parseCaseListFilters(url.searchParams)
  const canAssign = can(membership.role, 'cases.assign')
  const page = await caseListPage(ctx, { organizationId: organization.id, userId: user.id, canAssign }, filters)
  if (!page) notFound()
  return {
    ...page,
    invalid: [...invalid, ...page.invalid],
    filters: { ...filters, page: page.page },
    outcome: decodeBulkOutcome(url.searchParams),
    canAssign,
    canExport: can(membership.role, 'cases.export'),
    canRecord: can(membership.role, 'intake.create'),
    scoped: !can(membership.role, 'cases.viewAll'),
  }
}

/** Bulk assignment: each case through the case actions, then back to the same list with the outcome (PRG). */
export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'cases.assign')
  const formData = await args.request.formData()
  const values = { caseIds: formData.getAll('caseId').map(String), assignTo: String(formData.get('assignTo') ?? ''), note: String(formData.get('note') ?? '') }
  const parsed = bulkAssignSchema.safeParse(values)
  if (!parsed.success) return data({ errors: toFieldErrors(parsed.error, locale), values }, { status: 400 })
  const outcomes = await bulkAssignCases(ctx, { organizationId: organization.id, actorUserId: user.id }, parsed.data)
  const { filters } = parseCaseListFilters(new URL(args.request.url).searchParams)
  const query = new URLSearchParams(caseListSearch(filters))
  for (const [k, v] of encodeBulkOutcome(outcomes)) query.append(k, v)
  return redirect(`/app/${organization.slug}/cases?${query}`)
}

export default function CaseList() {
  const { items, total, page, pageCount, filters, invalid, options, outcome, canAssign, canExport, canRecord, scoped } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('caseList')
  const { hospital } = useHospital()
  const base = `/app/${hospital.slug}/cases`
  const search = caseListSearch(filters)
  const here = search ? `${base}?${search}` : base
  const exportSearch = caseListSearch(filters, { page: 1 })
  const table = <CaseListTable items={items} caseHref={(id) => `${base}/${id}`} timeZone={hospital.timeZone} selectable={canAssign} selected={actionData?.values.caseIds ?? []} />
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {scoped ? <p className="hint">{t('scopeHint')}</p> : null}
      {canRecord ? (
        <p>
          <Link to={`/app/${hospital.slug}/intake/new`}>{t('recordFeedback')}</Link>
        </p>
      ) : null}
      {outcome ? <CaseListOutcome outcomes={outcome} /> : null}
      {invalid.length ? (
        <div className="warning" role="alert" data-invalid-filters="">
          <ul style={{ margin: 0 }}>
            {invalid.map((f, i) => (
              <li key={`${f.field}-${i}`}>{t(`invalid.${f.field}`, { value: f.value })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <CaseListFilterForm filters={filters} options={options} action={base} />
      <p>
        <strong>{t('total', { count: total })}</strong>
        {canExport && total > 0 ? (
          <>
            {' · '}
            <a href={`${base}/export.csv${exportSearch ? `?${exportSearch}` : ''}`} download>
              {t('export.link')}
            </a>{' '}
            <span className="hint">{t('export.hint', { max: CASE_EXPORT_MAX_ROWS })}</span>
          </>
        ) : null}
      </p>
      {items.length === 0 ? (
        <p data-empty="">{hasActiveFilters(filters) ? t('emptyFiltered') : t('empty')}</p>
      ) : canAssign ? (
        <Form method="post" action={here} aria-label={t('bulk.legend')}>
          <CsrfInput />
          {table}
          <CaseListBulkAssign options={options} values={actionData?.values} errors={actionData?.errors} />
        </Form>
      ) : (
        table
      )}
      <CaseListPagination page={page} pageCount={pageCount} href={(p) => `${base}?${caseListSearch(filters, { page: p })}`} />
    </section>
  )
}
