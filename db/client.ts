import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as schema from './schema/index.ts'

export type Database = ReturnType<typeof createDatabase>['db']

/** One postgres.js pool + drizzle. The web and the workers each make their own. */
export function createDatabase(url: string, options: { max?: number; applicationName?: string } = {}) {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'huiyin' },
  })
  const db = drizzle(sql, { schema, casing: 'snake_case' })
  return { db, sql, close: () => sql.end({ timeout: 5 }) }
}

export { schema }
