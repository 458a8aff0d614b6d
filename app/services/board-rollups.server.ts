import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import { listHospitalsForRebuild, markRollupsDirtyForRows, rebuildAllRollups, recomputeRollupMonths, takeDirtyKeys, type DirtyKey, type RawRowIds } from '#db/queries/board-rollups.ts'
import { findOrganizationById } from '#db/queries/organizations.ts'

/**
 * Keeps the board rollups up to date (DESIGN.md §5): every change to a raw row marks its
 * rollup key dirty in the change's own transaction; the rollup worker recomputes dirty keys
 * from the raw rows every few seconds. A rebuild recomputes a hospital from scratch and gives
 * the same rows (db/queries/board-rollups.ts has the attribution rules).
 */

/** Keys per transaction while draining: short transactions, and a failure only puts back a batch. */
const BATCH = 200
/** One job run recomputes at most this many batches; the next run takes the rest. */
const MAX_BATCHES = 200

/**
 * Marks the rollup keys the given raw rows count under, as they are now, in the caller's
 * transaction. Call it after the change (and also before, when the change can move a row to
 * another key, e.g. a case re-attributed to another department).
 */
export async function markRollupsDirtyFor(tx: Executor, organizationId: string, rows: RawRowIds): Promise<void> {
  await markRollupsDirtyForRows(tx, { organizationId, ...rows })
}

/** Recomputes the dirty keys of every hospital; returns how many keys were recomputed. */
export async function refreshDirtyRollups(ctx: AppContext): Promise<number> {
  let done = 0
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const taken = await ctx.db.transaction(async (tx) => {
      const keys = await takeDirtyKeys(tx, BATCH)
      // One recomputation per hospital in the batch (each has its own time zone).
      const byHospital = new Map<string, DirtyKey[]>()
      for (const k of keys) byHospital.set(k.organizationId, [...(byHospital.get(k.organizationId) ?? []), k])
      for (const [organizationId, own] of byHospital) await recomputeRollupMonths(tx, { organizationId, timeZone: own[0]!.timeZone, keys: own })
      return keys.length
    })
    done += taken
    if (taken < BATCH) break
  }
  return done
}

/** Recomputes every rollup of a hospital from its raw rows (npm run rollups:rebuild). */
export async function rebuildRollups(ctx: AppContext, organizationId: string): Promise<void> {
  const organization = await findOrganizationById(ctx.db, { organizationId })
  if (!organization) throw new Error(`hospital not found: ${organizationId}`)
  await ctx.db.transaction((tx) => rebuildAllRollups(tx, { organizationId, timeZone: organization.timeZone }))
}

/** Rebuilds one hospital (by slug) or every hospital; returns the slugs rebuilt. */
export async function rebuildRollupsOf(ctx: AppContext, { slug }: { slug?: string } = {}): Promise<string[]> {
  const hospitals = (await listHospitalsForRebuild(ctx.db)).filter((h) => !slug || h.slug === slug)
  for (const h of hospitals) await ctx.db.transaction((tx) => rebuildAllRollups(tx, { organizationId: h.id, timeZone: h.timeZone }))
  return hospitals.map((h) => h.slug)
}
