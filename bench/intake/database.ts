import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { startEmbeddedPostgres } from '../../db/embedded.ts'
import { runMigrations } from '../../db/migrate.ts'
import { freePort } from './ports.ts'

export interface BenchDatabase {
  url: string
  /** Where it runs, for the report. */
  description: string
  close(): Promise<void>
}

function withDatabase(url: string, database: string) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/**
 * A fresh, migrated database for one run: a new database on the server at DATABASE_URL
 * (dropped at the end), otherwise an embedded PostgreSQL in a temporary directory on a
 * free port (stopped and removed at the end).
 */
export async function openBenchDatabase(runId: string): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL || undefined
  const name = `huiyin_bench_${runId}`
  if (external) {
    const admin = postgres(external, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database "${name}"`)
    await admin.end({ timeout: 2 })
    const url = withDatabase(external, name)
    await runMigrations(url)
    return {
      url,
      description: `database ${name} on ${new URL(external).host} (DATABASE_URL)`,
      async close() {
        const admin = postgres(external, { max: 1, onnotice: () => {} })
        await admin.unsafe(`drop database if exists "${name}" with (force)`)
        await admin.end({ timeout: 2 })
      },
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'huiyin-bench-'))
  const port = await freePort()
  const embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port, database: name, log: (l) => process.stderr.write(`${l}\n`) })
  await runMigrations(embedded.url)
  return {
    url: embedded.url,
    description: `embedded PostgreSQL on 127.0.0.1:${port}`,
    async close() {
      await embedded.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
