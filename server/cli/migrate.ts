import { runCli } from './bootstrap.ts'

// createRuntime applies the committed migrations; nothing else to do.
await runCli(async () => {
  console.log('Database migrated.')
})
