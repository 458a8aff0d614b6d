/**
 * The unique constraint a write violated, or null. drizzle wraps postgres.js errors, so
 * the PostgreSQL fields may sit on the error or on its cause.
 */
export function violatedUniqueConstraint(e: unknown): string | null {
  for (const err of [e, (e as { cause?: unknown })?.cause]) {
    const pg = err as { code?: string; constraint_name?: string } | undefined
    if (pg?.code === '23505') return pg.constraint_name ?? 'unknown'
  }
  return null
}
