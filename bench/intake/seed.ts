import { randomBytes } from 'node:crypto'
import { count, eq } from 'drizzle-orm'
import { createDatabase } from '../../db/client.ts'
import { insertDepartment } from '../../db/queries/departments.ts'
import { insertOrganization } from '../../db/queries/organizations.ts'
import { insertTouchpoint } from '../../db/queries/touchpoints.ts'
import { cases, submissions } from '../../db/schema/index.ts'

/** Largest PostgreSQL integer: the hourly abuse limit must not cap the load. */
const NO_LIMIT = 2_147_483_647

/** A hospital with a patient-service department, one clinical department and its QR touchpoint. */
export async function seedBenchHospital(url: string) {
  const database = createDatabase(url, { max: 1, applicationName: 'huiyin-bench-seed' })
  try {
    return await database.db.transaction(async (tx) => {
      const slug = `bench-${randomBytes(3).toString('hex')}`
      const organization = await insertOrganization(tx, { slug, name: '压测医院', nameEn: 'Benchmark Hospital', intakeLimitPerHour: NO_LIMIT })
      await insertDepartment(tx, { organizationId: organization.id, name: '患者服务部', nameEn: 'Patient Service', type: 'patient_service' })
      const department = await insertDepartment(tx, { organizationId: organization.id, name: '心血管内科', nameEn: 'Cardiology', type: 'clinical' })
      const touchpoint = await insertTouchpoint(tx, {
        organizationId: organization.id,
        departmentId: department.id,
        name: '心内科病区护士站',
        nameEn: 'Cardiology ward nurses’ station',
        publicCode: randomBytes(4).toString('hex'),
      })
      return { organizationId: organization.id, publicCode: touchpoint.publicCode }
    })
  } finally {
    await database.close()
  }
}

/** Submissions and cases the hospital has, to check the load really created complaints. */
export async function countIntake(url: string, organizationId: string) {
  const database = createDatabase(url, { max: 1, applicationName: 'huiyin-bench-count' })
  try {
    const [s] = await database.db.select({ n: count() }).from(submissions).where(eq(submissions.organizationId, organizationId))
    const [c] = await database.db.select({ n: count() }).from(cases).where(eq(cases.organizationId, organizationId))
    return { submissions: s!.n, cases: c!.n }
  } finally {
    await database.close()
  }
}
