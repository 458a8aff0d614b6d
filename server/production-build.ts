import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * The production build's freshness rule and its lock, shared by `npm start`, the test setup,
 * the e2e launcher and the benchmark: rebuild when anything the build bundles is newer than
 * it; builds take the lock exclusively, running servers hold it shared.
 */
export const ROOT = path.resolve(import.meta.dirname, '..')
const BUILD_LOCK = path.join(tmpdir(), 'huiyin-build.lock')
const BUNDLED = ['app', 'db', 'emails', 'workers']

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

export function buildIsStale(root = ROOT): boolean {
  const out = path.join(root, 'build/server/index.js')
  if (!existsSync(out)) return true
  return Math.max(...BUNDLED.map((d) => newestMtime(path.join(root, d)))) >= statSync(out).mtimeMs
}

/** Builds under the exclusive lock (several runs on one machine must not write build/ at once). */
export function buildUnderLock(stdio: 'ignore' | 'inherit' = 'ignore', root = ROOT) {
  execFileSync('flock', [BUILD_LOCK, 'npx', 'react-router', 'build'], { cwd: root, stdio: ['ignore', stdio, 'inherit'] })
}

/** Holds the lock shared until the returned child's stdin closes (also if we are killed). */
function holdBuildLockShared(): Promise<ChildProcess> {
  const child = spawn('flock', ['--shared', BUILD_LOCK, 'sh', '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(child))
    child.once('exit', (code) => reject(new Error(`flock exited with ${code}`)))
  })
}

/** A fresh build kept in place (nobody rebuilds and deletes its assets) until `release()`. */
export async function ensureBuildAndHoldIt(log: (msg: string) => void): Promise<{ release(): void }> {
  for (let attempt = 1; ; attempt++) {
    if (buildIsStale()) {
      log('building the web app (production build)…')
      buildUnderLock()
    }
    const lock = await holdBuildLockShared()
    if (!buildIsStale() || attempt === 3) return { release: () => void lock.stdin?.end() }
    lock.stdin?.end() // sources changed meanwhile: build again
  }
}
