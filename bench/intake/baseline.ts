import path from 'node:path'
import postgres from 'postgres'
import { spawnChild, stopChild } from './processes.ts'

const root = path.resolve(import.meta.dirname, '../..')

/** Starts baseline-server.ts as a child process and resolves with its address once it listens. */
export async function startBaselineServer(databaseUrl: string) {
  const { child, exited } = spawnChild(['--import', 'tsx', path.join(import.meta.dirname, 'baseline-server.ts')], { ...process.env, BENCH_DATABASE_URL: databaseUrl }, root)
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = out.match(/listening (\d+)/)
      if (m) resolve(Number(m[1]))
    })
    void exited.then((code) => reject(new Error(`the baseline server exited (code ${code}) before listening`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    /** Rows the baseline inserted, to check its 303s were real writes. */
    async insertedRows() {
      const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
      try {
        const [row] = await sql<{ n: number }[]>`select count(*)::int as n from bench_baseline`
        return row!.n
      } finally {
        await sql.end({ timeout: 2 })
      }
    },
    async stop() {
      await stopChild(child, exited, 10_000)
      const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
      await sql`drop table if exists bench_baseline`.finally(() => sql.end({ timeout: 2 }))
    },
  }
}
