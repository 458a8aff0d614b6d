import { createLogger } from '#app/lib/logger.server.ts'
import { loadConfigOrExit } from '../config.ts'
import { createRuntime, type Runtime } from '../runtime.ts'

/** Runs a command-line task with the same configuration and database as the server. */
export async function runCli(task: (runtime: Runtime) => Promise<number | void>) {
  const config = loadConfigOrExit()
  const runtime = await createRuntime(config, { role: 'cli', logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) })
  let code = 0
  try {
    code = (await task(runtime)) ?? 0
  } catch (e) {
    console.error(e instanceof Error ? e.message : e)
    code = 1
  } finally {
    await runtime.close()
  }
  process.exit(code)
}
