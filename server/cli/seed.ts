import { parseArgs } from 'node:util'
import { seedDemoHospitalHistory } from '#app/services/demo-history.server.ts'
import { seedDemoHospitalIfEmpty } from '#app/services/demo-hospital.server.ts'
import { runCli } from './bootstrap.ts'

const DEMO_SLUG = 'demo'

await runCli(async ({ ctx }) => {
  // --demo-months N: also fill the demo hospital with N months of history (responses, ratings, cases, praise, visits).
  const { values } = parseArgs({ options: { 'demo-months': { type: 'string' } } })
  const demoMonths = values['demo-months'] === undefined ? null : Number(values['demo-months'])
  if (demoMonths !== null && !(Number.isInteger(demoMonths) && demoMonths >= 1 && demoMonths <= 36)) {
    console.error('--demo-months must be a whole number from 1 to 36')
    return 2
  }

  const seeded = await seedDemoHospitalIfEmpty(ctx)
  if (!seeded) console.log('The database already has a hospital; the demo hospital was not added.')
  else {
    console.log(`Demo hospital “${seeded.hospitalName}” created (/app/${seeded.slug}). Sign-in details:`)
    for (const u of seeded.users) console.log(`  ${u.role.padEnd(16)} ${u.email.padEnd(36)} ${u.password}`)
  }

  if (demoMonths === null) return
  const started = Date.now()
  const history = await seedDemoHospitalHistory(ctx, { slug: DEMO_SLUG, months: demoMonths })
  if (!history) console.log(`No hospital “${DEMO_SLUG}”: no demo history added.`)
  else if (history.skipped) console.log('The demo hospital already has its demo history; nothing added.')
  else {
    const { visits, invitations, responses, quickRatings, praise, complaints } = history
    console.log(
      `Demo history: ${demoMonths} months + this month — ${visits} visits, ${invitations} survey invitations (${responses} answered), ${quickRatings} quick ratings, ${praise} praise, ${complaints} complaint cases (${((Date.now() - started) / 1000).toFixed(1)} s).`,
    )
  }
})
