import { seedDemoHospitalIfEmpty } from '#app/services/demo-hospital.server.ts'
import { runCli } from './bootstrap.ts'

await runCli(async ({ ctx }) => {
  const seeded = await seedDemoHospitalIfEmpty(ctx)
  if (!seeded) {
    console.log('The database already has a hospital; the demo hospital was not added.')
    return
  }
  console.log(`Demo hospital “${seeded.hospitalName}” created (/app/${seeded.slug}). Sign-in details:`)
  for (const u of seeded.users) console.log(`  ${u.role.padEnd(16)} ${u.email.padEnd(36)} ${u.password}`)
})
