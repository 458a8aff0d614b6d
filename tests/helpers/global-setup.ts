import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../db/embedded.ts'
import { runMigrations } from '../../db/migrate.ts'
import { buildIsStale, buildUnderLock } from '../../server/production-build.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    redisUrl: string | undefined
    runId: string
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}


/**
 * Route tests run the real production build; rebuild it when anything it bundles changed.
 * HUIYIN_TEST_SKIP_BUILD=1 skips it for a local run of service-level tests only.
 */
function ensureBuild() {
  if (process.env.HUIYIN_TEST_SKIP_BUILD === '1') return
  if (buildIsStale()) buildUnderLock()
}

/**
 * One fresh database per run: on the server at DATABASE_URL when set, otherwise on an
 * embedded PostgreSQL started for this run. Migrations are applied once here.
 */
export default async function setup(project: TestProject) {
  ensureBuild()
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`
  const dbName = `huiyin_test_${runId}`
  let embedded: EmbeddedDatabase | undefined
  let tmp: string | undefined
  let adminUrl: string
  let databaseUrl: string

  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database "${dbName}"`)
    await admin.end()
    const u = new URL(adminUrl)
    u.pathname = `/${dbName}`
    databaseUrl = u.toString()
  } else {
    tmp = mkdtempSync(path.join(tmpdir(), 'huiyin-test-'))
    embedded = await startEmbeddedPostgres({ dir: path.join(tmp, 'pg'), port: await freePort(), database: dbName })
    databaseUrl = embedded.url
    adminUrl = databaseUrl
  }
  await runMigrations(databaseUrl)

  project.provide('databaseUrl', databaseUrl)
  project.provide('redisUrl', process.env.REDIS_URL || undefined)
  project.provide('runId', runId)

  return async () => {
    if (embedded) {
      await embedded.stop()
      if (tmp) rmSync(tmp, { recursive: true, force: true })
    } else {
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
      await admin.unsafe(`drop database if exists "${dbName}" with (force)`)
      await admin.end()
    }
  }
}
