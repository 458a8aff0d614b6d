import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
/** The lock vitest's global setup and the e2e launcher use for build/. */
const BUILD_LOCK = path.join(tmpdir(), 'huiyin-build.lock')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

/** Same rule as server/main.ts, so the server we start does not rebuild on its own (without the lock). */
function buildIsStale(): boolean {
  const out = path.join(root, 'build/server/index.js')
  if (!existsSync(out)) return true
  const sources = ['app', 'db', 'emails', 'workers'].map((d) => newestMtime(path.join(root, d)))
  return Math.max(...sources) >= statSync(out).mtimeMs
}

/** Holds the build lock shared while the bench runs: nobody rebuilds (and deletes assets) under our server. */
function holdBuildLockShared(): Promise<ChildProcess> {
  const child = spawn('flock', ['--shared', BUILD_LOCK, 'sh', '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(child))
    child.once('exit', (code) => reject(new Error(`flock exited with ${code}`)))
  })
}

/** A fresh production build, kept in place until `release()` (as tests/e2e/start-server.ts does). */
export async function ensureBuildAndHoldIt(log: (msg: string) => void): Promise<{ release(): void }> {
  for (let attempt = 1; ; attempt++) {
    if (buildIsStale()) {
      log('building the web app (production build)…')
      execFileSync('flock', [BUILD_LOCK, 'npx', 'react-router', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
    }
    const lock = await holdBuildLockShared()
    if (!buildIsStale() || attempt === 3) return { release: () => void lock.stdin?.end() }
    lock.stdin?.end() // sources changed meanwhile: build again
  }
}
