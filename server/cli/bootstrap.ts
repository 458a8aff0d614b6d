import { ConfigError, parseConfig } from '#app/lib/env.server.ts'
import { createLogger } from '#app/lib/logger.server.ts'
import { createRuntime, type Runtime } from '../runtime.ts'

/** Runs a command-line task with the same configuration and database as the server. */
export async function runCli(task: (runtime: Runtime) => Promise<number | void>) {
  let config
  try {
    config = parseConfig(process.env)
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(78)
    }
    throw e
  }
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
