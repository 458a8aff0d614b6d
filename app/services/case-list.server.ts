import {
  CASE_EXPORT_MAX_ROWS,
  CASE_LIST_PAGE_SIZE,
  caseSearch,
  filtersForAudit,
  firstLine,
  type BulkAssignInput,
  type BulkAssignOutcome,
  type CaseListFilters,
  type InvalidFilter,
} from '#app/domain/case-list-filters.ts'
import { withDescendants } from '#app/domain/department-tree.ts'
import { CATEGORIES, type Category } from '#app/domain/intake.ts'
import type { Locale } from '#app/domain/locales.ts'
import { DUE_SOON_MS, slaBadge, type SlaBadge } from '#app/domain/sla.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { countCases, findCaseNumbers, listActiveMemberNames, listCases, type CaseListCriteria, type CaseListRow } from '#db/queries/case-list.ts'
import { findPatientServiceDepartment, listDepartments } from '#db/queries/departments.ts'
import { audit } from './audit.server.ts'
import { loadCaseViewer } from './case-access.server.ts'
import { performCaseAction } from './case-actions.server.ts'
import { csvLine } from '#app/domain/csv.ts'
import { localMinute } from '#app/lib/format.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { nextDate, startOfLocalDay } from '#app/domain/working-calendar.ts'

/**
 * The staff case list (DESIGN.md §3): the cases a viewer may see (case-scope.ts), filtered,
 * searched and sorted; bulk assignment through the case actions; and the CSV export.
 */
type Viewer = { organizationId: string; userId: string }

interface Named {
  name: string
  nameEn: string | null
}
export type CaseOwner = ({ kind: 'department' } & Named) | { kind: 'user'; name: string }

/** One row as the page shows it; the patient's contact is not part of it. */
export interface CaseListItem {
  id: string
  number: string
  status: CaseListRow['status']
  category: string | null
  channel: CaseListRow['channel']
  excerpt: string
  urgent: boolean
  owner: CaseOwner | null
  /** The badge of the most pressing clock, and its due moment while it runs. */
  badge: SlaBadge | null
  clockKind: NonNullable<CaseListRow['clock']>['kind'] | null
  dueAt: Date | null
}

const isCategory = (c: string | null): c is Category => c !== null && (CATEGORIES as readonly string[]).includes(c)

function ownerOf(row: CaseListRow): CaseOwner | null {
  if (row.ownerUser) return { kind: 'user', name: row.ownerUser.name }
  if (row.ownerDepartment) return { kind: 'department', name: row.ownerDepartment.name, nameEn: row.ownerDepartment.nameEn }
  return null
}

function badgeOf(row: CaseListRow, now: Date) {
  if (!row.clock) return { badge: null, clockKind: null, dueAt: null }
  const badge = slaBadge(row.clock, now)
  const runs = badge === 'on_time' || badge === 'due_soon' || badge === 'overdue'
  return { badge, clockKind: row.clock.kind, dueAt: runs ? row.clock.dueAt : null }
}

/** The filters made concrete for the query; a department that is not the hospital's is reported and ignored. */
async function criteriaFor(ctx: AppContext, { organizationId, userId }: Viewer, filters: CaseListFilters) {
  const viewer = await loadCaseViewer(ctx.db, organizationId, userId)
  if (!viewer) return null
  const [departments, organization] = await Promise.all([listDepartments(ctx.db, { organizationId }), findOrganizationById(ctx.db, { organizationId })])
  const timeZone = organization?.timeZone ?? 'Asia/Shanghai'
  const invalid: InvalidFilter[] = []
  let departmentIds: string[] | undefined
  if (filters.department) {
    if (departments.some((d) => d.id === filters.department)) departmentIds = withDescendants(departments, filters.department)
    else invalid.push({ field: 'department', value: filters.department })
  }
  const now = ctx.clock.now()
  const criteria: CaseListCriteria = {
    scope: viewer.scope,
    statuses: filters.status,
    ...(departmentIds ? { departmentIds } : {}),
    ...(filters.owner ? { ownerUserId: filters.owner === 'me' ? userId : filters.owner } : {}),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.channel ? { channel: filters.channel } : {}),
    urgent: Boolean(filters.urgent),
    overdue: Boolean(filters.overdue),
    dueSoon: Boolean(filters.dueSoon),
    search: caseSearch(filters.q),
    // Local days in the hospital's time zone: from its first instant to the next day's.
    ...(filters.from ? { openedFrom: startOfLocalDay(filters.from, timeZone) } : {}),
    ...(filters.until ? { openedUntil: startOfLocalDay(nextDate(filters.until), timeZone) } : {}),
    now,
    dueSoonUntil: new Date(now.getTime() + DUE_SOON_MS),
  }
  return { criteria, departments, invalid, now }
}

/** One page of the list, with what the filter form offers. Null when the user is not a member. */
export async function caseListPage(ctx: AppContext, viewer: Viewer & { canAssign: boolean }, filters: CaseListFilters) {
  const { organizationId } = viewer
  const prepared = await criteriaFor(ctx, viewer, filters)
  if (!prepared) return null
  const { criteria, departments, invalid, now } = prepared
  const [total, members, patientService] = await Promise.all([
    countCases(ctx.db, { organizationId, ...criteria }),
    listActiveMemberNames(ctx.db, { organizationId }),
    viewer.canAssign ? findPatientServiceDepartment(ctx.db, { organizationId }) : undefined,
  ])
  const pageCount = Math.max(1, Math.ceil(total / CASE_LIST_PAGE_SIZE))
  const page = Math.min(filters.page, pageCount)
  const rows = await listCases(ctx.db, { organizationId, ...criteria, sort: filters.sort, limit: CASE_LIST_PAGE_SIZE, offset: (page - 1) * CASE_LIST_PAGE_SIZE })
  const items: CaseListItem[] = rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    category: r.category,
    channel: r.channel,
    excerpt: firstLine(r.text),
    urgent: r.urgent,
    owner: ownerOf(r),
    ...badgeOf(r, now),
  }))
  const assignees = viewer.canAssign ? await listActiveMemberNames(ctx.db, { organizationId, role: 'patient_service' }) : []
  return {
    items,
    total,
    page,
    pageCount,
    invalid,
    options: {
      departments: departments.map((d) => ({ id: d.id, parentId: d.parentId, name: d.name, nameEn: d.nameEn, active: d.active, sortOrder: d.sortOrder })),
      owners: members,
      assignees,
      patientServiceDepartment: patientService ? { id: patientService.id, name: patientService.name, nameEn: patientService.nameEn } : null,
    },
  }
}
export type CaseListPage = NonNullable<Awaited<ReturnType<typeof caseListPage>>>

/**
 * Assigns each chosen case through the case actions (rules, timeline and audit as for one
 * case), and says per case number how it went. Cases are independent: one refusal stops nothing.
 */
export async function bulkAssignCases(
  ctx: AppContext,
  { organizationId, actorUserId }: { organizationId: string; actorUserId: string },
  input: BulkAssignInput,
): Promise<BulkAssignOutcome[]> {
  const caseIds = [...new Set(input.caseIds)]
  const [numbers, patientService] = await Promise.all([findCaseNumbers(ctx.db, { organizationId, caseIds }), findPatientServiceDepartment(ctx.db, { organizationId })])
  const to = input.assignTo === 'queue' ? { kind: 'department', departmentId: patientService?.id ?? '' } : { kind: 'user', userId: input.assignTo }
  const outcomes: BulkAssignOutcome[] = []
  for (const caseId of caseIds) {
    const number = numbers.get(caseId)
    if (!number) {
      outcomes.push({ number: '?', ok: false, reason: 'caseNotFound' })
      continue
    }
    const result = await performCaseAction(ctx, { organizationId, actorUserId }, caseId, { type: 'assign', to, note: input.note ?? null })
    outcomes.push(result.ok ? { number, ok: true } : { number, ok: false, reason: result.error.startsWith('cases:errors.') ? result.error.slice('cases:errors.'.length) : 'other' })
  }
  return outcomes
}



const CSV_COLUMNS = ['number', 'status', 'category', 'channel', 'receivedAt', 'department', 'owner', 'urgent', 'answerDueAt', 'sla', 'text'] as const

/**
 * The filtered list (every page, at most CASE_EXPORT_MAX_ROWS rows) as a CSV file Excel opens
 * in Chinese (UTF-8 with BOM), headed in the reader's language. No phone or email. Audited.
 */
export async function exportCaseList(ctx: AppContext, viewer: Viewer & { timeZone: string; locale: Locale }, filters: CaseListFilters) {
  const { organizationId, userId, timeZone, locale } = viewer
  const prepared = await criteriaFor(ctx, viewer, filters)
  if (!prepared) return null
  const { criteria, now } = prepared
  const rows = await listCases(ctx.db, { organizationId, ...criteria, sort: filters.sort, limit: CASE_EXPORT_MAX_ROWS, offset: 0 })
  const t = translator(locale)
  const name = (d: Named | null) => (d ? (locale === 'en' && d.nameEn ? d.nameEn : d.name) : '')
  const lines = [csvLine(CSV_COLUMNS.map((c) => t(`caseList:csv.columns.${c}`)))]
  for (const r of rows) {
    const owner = ownerOf(r)
    const { badge } = badgeOf(r, now)
    lines.push(
      csvLine([
        r.number,
        t(`cases:statuses.${r.status}`),
        isCategory(r.category) ? t(`intake:categories.${r.category}`) : (r.category ?? ''),
        t(`intake:channels.${r.channel}`),
        localMinute(r.receivedAt, timeZone),
        r.firstDepartment ? name(r.firstDepartment) : (r.firstUser?.name ?? ''),
        owner ? (owner.kind === 'user' ? owner.name : name(owner)) : '',
        r.urgent ? t('caseList:csv.yes') : t('caseList:csv.no'),
        localMinute(r.answerDueAt, timeZone),
        badge ? t(`cases:badges.${badge}`) : '',
        r.text,
      ]),
    )
  }
  await audit(ctx.db, {
    organizationId,
    actorUserId: userId,
    action: 'cases.exported',
    entityType: 'case',
    after: { filters: filtersForAudit(filters), rowCount: rows.length },
  })
  const body = new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`)
  return { filename: `cases-${localMinute(now, timeZone).slice(0, 10).replace(/-/g, '')}.csv`, body, rowCount: rows.length }
}
