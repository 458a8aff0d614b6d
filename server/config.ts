import { ConfigError, parseConfig, type AppConfig } from '#app/lib/env.server.ts'

/** Reads the environment once; a wrong value ends the process (EX_CONFIG) naming the variable. */
export function loadConfigOrExit(): AppConfig {
  try {
    return parseConfig(process.env)
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(78)
    }
    throw e
  }
}
