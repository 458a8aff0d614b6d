import { parseArgs } from 'node:util'
import { rebuildRollupsOf } from '#app/services/board-rollups.server.ts'
import { runCli } from './bootstrap.ts'

const USAGE = `Usage: npm run rollups:rebuild -- [--hospital <slug>]

Recomputes the board rollups of one hospital (or of every hospital) from the raw responses,
ratings, cases and visits. Safe to run at any time; boards show the same figures afterwards
unless the rollups had drifted (or the hospital's time zone changed).`

const { values } = parseArgs({ options: { hospital: { type: 'string' }, help: { type: 'boolean' } }, strict: true })
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}

await runCli(async ({ ctx }) => {
  const started = Date.now()
  const slugs = await rebuildRollupsOf(ctx, { slug: values.hospital })
  if (values.hospital && slugs.length === 0) {
    console.error(`No hospital with the slug “${values.hospital}”.`)
    return 1
  }
  console.log(`Rebuilt the board rollups of ${slugs.length} hospital(s) in ${Date.now() - started} ms${slugs.length ? `: ${slugs.join(', ')}` : ''}.`)
})
