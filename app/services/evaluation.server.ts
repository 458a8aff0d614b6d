import { z } from 'zod'
import { boardSettingsOf, type BoardSettingsOverrides, type EvaluationWeights } from '#app/domain/board-settings.ts'
import { sumRollups } from '#app/domain/board-figures.ts'
import {
  evaluationScore,
  figuresOf,
  isPastMonth,
  lastFullMonth,
  monthStart,
  shiftMonth,
  rankByScore,
  serviceStars,
  vetoReasonsFrom,
  type EvaluationFigures,
  type EvaluationPart,
  type ServiceStar,
  type VetoedStar,
} from '#app/domain/evaluation.ts'
import { isUuid } from '#app/domain/form-fields.ts'
import { localDate, startOfLocalDay } from '#app/domain/working-calendar.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import {
  findClosedSnapshot,
  hasAnySnapshot,
  listHospitalsForMonthClose,
  insertClosedSnapshot,
  insertEvaluationComment,
  listActiveDepartments,
  listEvaluationComments,
  listMonthRollups,
  listPraiseByPerson,
  listReopenedSnapshots,
  listValidAttributedCases,
  reopenClosedSnapshot,
  type EvaluationSnapshotRow,
} from '#db/queries/evaluation.ts'
import { findDepartment } from '#db/queries/departments.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'
import { audit } from './audit.server.ts'

/**
 * The monthly evaluation (DESIGN.md §5): figures from the rollups, ranked by the composite score
 * with the hospital's weights, vetoes from valid complaints, service stars from praise. At month
 * close the page is frozen into a snapshot; before that, the same page is computed live.
 */

export interface EvaluationDepartmentRow {
  departmentId: string
  name: string
  nameEn: string | null
  figures: EvaluationFigures
  /** The part scores used in the composite (0–100). */
  parts: Record<EvaluationPart, number | null>
  fromHospitalAverage: EvaluationPart[]
  composite: number | null
  rank: number | null
  /** 一票否决: the valid complaints attributed to the department in the month. */
  vetoCaseNumbers: string[]
}

/** The page as frozen in a snapshot's content (version it when the shape changes). */
export interface EvaluationContent {
  version: 1
  /** YYYY-MM. */
  month: string
  weights: EvaluationWeights
  hospital: EvaluationFigures
  departments: EvaluationDepartmentRow[]
  stars: ServiceStar[]
  vetoedStars: VetoedStar[]
}

async function hospitalOf(db: Executor, organizationId: string) {
  const organization = await findOrganizationById(db, { organizationId })
  if (!organization) throw new Error('hospital disappeared during the evaluation')
  return organization
}

/** The month's instants in the hospital's time zone. */
function monthRange(month: string, timeZone: string) {
  return { from: startOfLocalDay(monthStart(month), timeZone), to: startOfLocalDay(monthStart(shiftMonth(month, 1)), timeZone) }
}

/** Computes the month's page from rollups, cases and praise (what a close freezes). */
export async function computeEvaluation(db: Executor, { organizationId, month, timeZone, weights }: { organizationId: string; month: string; timeZone: string; weights: EvaluationWeights }): Promise<EvaluationContent> {
  const range = monthRange(month, timeZone)
  const [rollups, departments, vetoCases, praised] = await Promise.all([
    listMonthRollups(db, { organizationId, monthStart: monthStart(month) }),
    listActiveDepartments(db, { organizationId }),
    listValidAttributedCases(db, { organizationId, ...range }),
    listPraiseByPerson(db, { organizationId, ...range }),
  ])
  const hospitalSums = sumRollups(rollups)
  const hospital = figuresOf(hospitalSums)
  const byDepartment = new Map<string, typeof rollups>()
  for (const r of rollups) byDepartment.set(r.departmentKey, [...(byDepartment.get(r.departmentKey) ?? []), r])
  const departmentVetoes = vetoReasonsFrom(vetoCases.map((c) => ({ key: c.attributedDepartmentId, number: c.number })))
  const personVetoes = vetoReasonsFrom(vetoCases.map((c) => ({ key: c.attributedUserId, number: c.number })))

  const scored = departments.map((d) => {
    const sums = sumRollups(byDepartment.get(d.id) ?? [])
    const figures = figuresOf(sums)
    const score = evaluationScore(sums, hospitalSums, weights)
    return { departmentId: d.id, name: d.name, nameEn: d.nameEn, figures, parts: score.parts, fromHospitalAverage: score.fromHospitalAverage, composite: score.composite, vetoCaseNumbers: departmentVetoes.get(d.id) ?? [] }
  })
  const ranks = rankByScore(scored, (d) => d.composite)
  const rows: EvaluationDepartmentRow[] = scored
    .map((d, i) => ({ ...d, rank: ranks[i] ?? null }))
    // Ranked first (best first), then the unranked in the hospital's department order.
    .map((d, order) => ({ d, order }))
    .sort((a, b) => (a.d.rank ?? Infinity) - (b.d.rank ?? Infinity) || a.order - b.order)
    .map(({ d }) => d)
  const { stars, vetoed } = serviceStars(
    praised.map((p) => ({ userId: p.userId, name: p.name, praise: Number(p.praise) })),
    personVetoes,
  )
  return { version: 1, month, weights, hospital, departments: rows, stars, vetoedStars: vetoed }
}

export type CloseMonthResult = { ok: true; created: boolean; snapshotId: string } | { ok: false; error: 'evaluation:errors.monthNotOver' }

/**
 * Freezes the month's page into a snapshot, once: a month already closed keeps its snapshot, and
 * two closes at the same moment end with one (the partial unique index decides). Audited;
 * `actorUserId` null is the scheduled close.
 */
export async function closeMonth(ctx: AppContext, { organizationId, month, actorUserId }: { organizationId: string; month: string; actorUserId: string | null }): Promise<CloseMonthResult> {
  const hospital = await hospitalOf(ctx.db, organizationId)
  const now = ctx.clock.now()
  if (!isPastMonth(month, localDate(now, hospital.timeZone))) return { ok: false, error: 'evaluation:errors.monthNotOver' }
  const key = monthStart(month)
  const standing = await findClosedSnapshot(ctx.db, { organizationId, month: key })
  if (standing) return { ok: true, created: false, snapshotId: standing.id }
  const weights = boardSettingsOf(hospital.boardSettings as BoardSettingsOverrides).weights
  const content = await computeEvaluation(ctx.db, { organizationId, month, timeZone: hospital.timeZone, weights })
  return ctx.db.transaction(async (tx) => {
    const inserted = await insertClosedSnapshot(tx, { organizationId, month: key, weights, content, frozenAt: now, frozenByUserId: actorUserId })
    if (!inserted) {
      const winner = await findClosedSnapshot(tx, { organizationId, month: key })
      if (!winner) throw new Error('the month close lost to a snapshot that is gone')
      return { ok: true as const, created: false, snapshotId: winner.id }
    }
    await audit(tx, {
      organizationId,
      actorUserId,
      action: 'evaluation.closed',
      entityType: 'evaluation_snapshot',
      entityId: inserted.id,
      after: { month, weights, departments: content.departments.length, stars: content.stars.length },
    })
    return { ok: true as const, created: true, snapshotId: inserted.id }
  })
}

export const reopenSchema = z.object({
  reason: z.string().trim().min(1, 'evaluation:errors.reasonRequired').max(500, 'evaluation:errors.reasonTooLong'),
})

export type ReopenMonthResult = { ok: true } | { ok: false; error: 'evaluation:errors.notClosed' }

/** Re-opens a closed month (admin, with a reason, audited): the snapshot stays as history and a new close can follow. */
export async function reopenMonth(ctx: AppContext, { organizationId, month, actorUserId, reason }: { organizationId: string; month: string; actorUserId: string; reason: string }): Promise<ReopenMonthResult> {
  return ctx.db.transaction(async (tx) => {
    const reopened = await reopenClosedSnapshot(tx, { organizationId, month: monthStart(month), at: ctx.clock.now(), userId: actorUserId, reason })
    if (!reopened) return { ok: false as const, error: 'evaluation:errors.notClosed' as const }
    await audit(tx, {
      organizationId,
      actorUserId,
      action: 'evaluation.reopened',
      entityType: 'evaluation_snapshot',
      entityId: reopened.id,
      before: { month, status: 'closed' },
      after: { month, status: 'reopened', reason },
    })
    return { ok: true as const }
  })
}

export interface EvaluationComment {
  id: string
  departmentId: string
  text: string
  createdAt: Date
  authorName: string | null
}

export interface EvaluationPageView {
  month: string
  /** closed: the frozen snapshot; preview: computed now, "not yet closed". */
  status: 'closed' | 'preview'
  content: EvaluationContent
  frozenAt: Date | null
  /** Earlier snapshots of the month, re-opened (newest first). */
  reopened: { frozenAt: Date; reopenedAt: Date | null; reason: string | null }[]
  comments: EvaluationComment[]
  /** The month is over in the hospital's time zone (a close is possible). */
  isPast: boolean
  lastFullMonth: string
}

function snapshotContent(row: EvaluationSnapshotRow): EvaluationContent {
  return row.content as EvaluationContent
}

/** The month's page: the snapshot when closed, otherwise a live preview computed the same way. */
export async function evaluationPage(ctx: AppContext, { organizationId, month }: { organizationId: string; month: string }): Promise<EvaluationPageView> {
  const hospital = await hospitalOf(ctx.db, organizationId)
  const key = monthStart(month)
  const [snapshot, reopened, comments] = await Promise.all([
    findClosedSnapshot(ctx.db, { organizationId, month: key }),
    listReopenedSnapshots(ctx.db, { organizationId, month: key }),
    listEvaluationComments(ctx.db, { organizationId, month: key }),
  ])
  const today = localDate(ctx.clock.now(), hospital.timeZone)
  const common = {
    month,
    reopened: reopened.map((r) => ({ frozenAt: r.frozenAt, reopenedAt: r.reopenedAt, reason: r.reopenReason })),
    comments,
    isPast: isPastMonth(month, today),
    lastFullMonth: lastFullMonth(today),
  }
  if (snapshot) return { ...common, status: 'closed', content: snapshotContent(snapshot), frozenAt: snapshot.frozenAt }
  const weights = boardSettingsOf(hospital.boardSettings as BoardSettingsOverrides).weights
  const content = await computeEvaluation(ctx.db, { organizationId, month, timeZone: hospital.timeZone, weights })
  return { ...common, status: 'preview', content, frozenAt: null }
}

/** The last full month in the hospital's time zone (where /evaluation sends the reader). */
export async function lastFullMonthOf(ctx: AppContext, { organizationId }: { organizationId: string }) {
  const hospital = await hospitalOf(ctx.db, organizationId)
  return lastFullMonth(localDate(ctx.clock.now(), hospital.timeZone))
}

export const commentSchema = z.object({
  departmentId: z.string().refine(isUuid, 'evaluation:errors.departmentUnknown'),
  text: z.string().trim().min(1, 'evaluation:errors.commentRequired').max(2000, 'evaluation:errors.commentTooLong'),
})

export type AddCommentResult = { ok: true } | { ok: false; error: 'evaluation:errors.departmentUnknown' }

/** Leadership's comment on a department's month; audited. */
export async function addEvaluationComment(
  ctx: AppContext,
  { organizationId, month, actorUserId, departmentId, text }: { organizationId: string; month: string; actorUserId: string; departmentId: string; text: string },
): Promise<AddCommentResult> {
  const department = await findDepartment(ctx.db, { organizationId, departmentId })
  if (!department) return { ok: false, error: 'evaluation:errors.departmentUnknown' }
  await ctx.db.transaction(async (tx) => {
    const comment = await insertEvaluationComment(tx, { organizationId, month: monthStart(month), departmentId, authorUserId: actorUserId, text, createdAt: ctx.clock.now() })
    await audit(tx, {
      organizationId,
      actorUserId,
      action: 'evaluation.commented',
      entityType: 'evaluation_comment',
      entityId: comment.id,
      after: { month, departmentId, text },
    })
  })
  return { ok: true }
}

/**
 * The scheduled close (hourly): for each hospital whose local date is in a new month, freezes
 * the last full month if it was never closed. A month an admin re-opened waits for the admin's
 * close (the corrections that led to re-opening may take days). Returns how many were closed.
 */
export async function closeDueMonths(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now()
  let closed = 0
  for (const hospital of await listHospitalsForMonthClose(ctx.db)) {
    const month = lastFullMonth(localDate(now, hospital.timeZone))
    if (await hasAnySnapshot(ctx.db, { organizationId: hospital.id, month: monthStart(month) })) continue
    try {
      const result = await closeMonth(ctx, { organizationId: hospital.id, month, actorUserId: null })
      if (result.ok && result.created) closed++
    } catch (error) {
      // One hospital's failure must not keep the others' months open; the next run retries it.
      ctx.logger.error('closing a month failed', { organizationId: hospital.id, month, error: error instanceof Error ? error.message : String(error) })
    }
  }
  return closed
}
