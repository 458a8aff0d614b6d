import { randomBytes } from 'node:crypto'
import { ROLES, type Role } from '#app/domain/roles.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashPassword } from '#app/lib/password.server.ts'
import { newPublicCode } from '#app/lib/public-code.server.ts'
import { createHospital } from '#app/services/hospitals.server.ts'
import { insertDepartment } from '#db/queries/departments.ts'
import { insertMembership } from '#db/queries/memberships.ts'
import { insertTouchpoint } from '#db/queries/touchpoints.ts'
import { insertUser } from '#db/queries/users.ts'

export const TEST_PASSWORD = 'correct-horse-battery'
let passwordHash: Promise<string> | undefined

export function uniqueSlug(prefix = 'h') {
  return `${prefix}-${randomBytes(4).toString('hex')}`
}

/**
 * A hospital with two clinical departments, a touchpoint, and one signed-up user per role
 * (department head and staff scoped to the first department). Emails are unique per call.
 */
export async function createHospitalWithStaff(ctx: AppContext, options: { slug?: string } = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD)
  const hash = await passwordHash
  const slug = options.slug ?? uniqueSlug()
  return ctx.db.transaction(async (tx) => {
    const { organization, patientServiceDepartment } = await createHospital(ctx, tx, { name: `测试医院 ${slug}`, nameEn: `Test Hospital ${slug}`, slug })
    const cardiology = await insertDepartment(tx, { organizationId: organization.id, name: '心血管内科', nameEn: 'Cardiology', type: 'clinical' })
    const radiology = await insertDepartment(tx, { organizationId: organization.id, name: '放射科', nameEn: 'Radiology', type: 'medical_technical' })
    const touchpoint = await insertTouchpoint(tx, { organizationId: organization.id, departmentId: cardiology.id, name: '心内科病区', publicCode: newPublicCode(8) })
    const users = {} as Record<Role, { id: string; email: string; membershipId: string }>
    for (const role of ROLES) {
      const email = `${role}.${slug}@test.huiyin.local`
      const user = await insertUser(tx, { email, name: `${role} ${slug}`, passwordHash: hash })
      const scoped = role === 'department_head' || role === 'staff'
      const m = await insertMembership(tx, { organizationId: organization.id, userId: user.id, role, departmentIds: scoped ? [cardiology.id] : [] })
      users[role] = { id: user.id, email, membershipId: m.id }
    }
    return { organization, departments: { patientService: patientServiceDepartment, cardiology, radiology }, touchpoint, users }
  })
}
export type TestHospital = Awaited<ReturnType<typeof createHospitalWithStaff>>
