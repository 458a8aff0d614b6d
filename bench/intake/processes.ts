import { spawn, type ChildProcess } from 'node:child_process'

/**
 * A child in its own process group, so a Ctrl-C on the bench reaches it only through us,
 * after the load has stopped, and a stuck one can be killed with everything it started.
 */
export function spawnChild(args: string[], env: NodeJS.ProcessEnv, cwd: string): { child: ChildProcess; exited: Promise<number> } {
  const child = spawn(process.execPath, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))))
  return { child, exited }
}

/** SIGTERM, then SIGKILL to the whole group if it has not exited in time. */
export async function stopChild(child: ChildProcess, exited: Promise<number>, timeoutMs = 40_000) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {}
  }, timeoutMs)
  await exited
  clearTimeout(timer)
}

/** Polls a URL until it answers 200 (or the child dies, or time runs out). */
export async function waitForOk(url: string, exited: Promise<number>, timeoutMs = 120_000) {
  let dead = false
  void exited.then(() => (dead = true))
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (dead) throw new Error(`the process serving ${url} exited before it was ready`)
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      if (res.ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`)
}
