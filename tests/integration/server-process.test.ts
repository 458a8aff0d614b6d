import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { inject } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0))
    })
  })
}

describe('server process', () => {
  it('starts web and workers in one process, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const port = await freePort()
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'all'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: inject('databaseUrl'),
        ...(inject('redisUrl') ? { REDIS_URL: inject('redisUrl') } : {}),
        QUEUE_PREFIX: `proc${inject('runId')}`,
        PORT: String(port),
        HOST: '127.0.0.1',
        SESSION_SECRET: 'process-test-secret-process-test-secret',
        SEED_DEMO: 'false',
        DATA_DIR: `/tmp/huiyin-proc-${inject('runId')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))

    try {
      const deadline = Date.now() + 30_000
      while (!output.includes('is running at') && Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`)
        await new Promise((r) => setTimeout(r, 100))
      }
      expect(output).toContain(`is running at http://127.0.0.1:${port}`)
      const res = await fetch(`http://127.0.0.1:${port}/healthz`)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ database: 'up', queue: 'up' })
      const asset = await fetch(`http://127.0.0.1:${port}/login`)
      expect(asset.headers.get('content-encoding') ?? 'identity').toMatch(/gzip|identity|br/)
    } finally {
      child.kill('SIGTERM')
    }
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000))])
    expect(code, output).toBe(0)
    expect(output).toContain('stopped')
  }, 60_000)

  it('refuses to start with a wrong setting and names the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'all'], {
      cwd: root,
      env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://nope', PORT: '99999' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stderr.on('data', (d) => (output += d))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(78)
    expect(output).toContain('DATABASE_URL')
    expect(output).toContain('PORT')
  })
})
