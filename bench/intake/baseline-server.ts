/**
 * The baseline: a bare node:http server that reads the same multipart body, and does ONE
 * postgres.js INSERT per request into a throw-away table, then answers 303 like the app.
 * Run as its own process (like the app server) so both sit behind the same process boundary;
 * prints `listening <port>` when ready. BENCH_DATABASE_URL names the database.
 */
import { createServer } from 'node:http'
import postgres from 'postgres'

const url = process.env.BENCH_DATABASE_URL
if (!url) throw new Error('BENCH_DATABASE_URL is required')
// The app's web pool has 10 connections too (server/runtime.ts).
const sql = postgres(url, { max: 10, onnotice: () => {} })
await sql`create table if not exists bench_baseline (id bigserial primary key, kind text not null, text text not null, created_at timestamptz not null default now())`

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(404).end()
    return
  }
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    void (async () => {
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData()
      const kind = form.get('kind')
      const text = form.get('text')
      if (typeof kind !== 'string' || typeof text !== 'string' || !text) {
        res.writeHead(400).end()
        return
      }
      await sql`insert into bench_baseline (kind, text) values (${kind}, ${text})`
      res.writeHead(303, { location: '/t/baseline?new=1', 'content-length': '0' }).end()
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
})

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`)
})

const stop = () => {
  server.close()
  server.closeAllConnections()
  void sql
    .end({ timeout: 5 })
    .catch(() => {})
    .finally(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
