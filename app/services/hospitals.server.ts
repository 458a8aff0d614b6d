import { z } from 'zod'
import type { DepartmentType } from '#app/domain/departments.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import type { Executor } from '#db/executor.ts'
import { insertDepartment } from '#db/queries/departments.ts'
import { findOrganizationBySlug, insertOrganization } from '#db/queries/organizations.ts'
import { audit } from './audit.server.ts'
import { installShippedTemplates } from './survey-templates.server.ts'

export const hospitalInputSchema = z.object({
  name: z.string().trim().min(2).max(80),
  nameEn: z.string().trim().max(120).optional(),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'lowercase letters, digits and dashes (2–40)'),
  timeZone: z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz })
        return true
      } catch {
        return false
      }
    }, 'unknown IANA time zone'),
  defaultLocale: z.enum(['zh-CN', 'en']).default('zh-CN'),
})
export type HospitalInput = z.input<typeof hospitalInputSchema>

export class HospitalExistsError extends Error {}

/**
 * A platform operator's act: a new hospital (tenant) with its patient-service department,
 * which receives web and SMS complaints by the first-responsible-person rule.
 */
export async function createHospital(ctx: AppContext, db: Executor, input: HospitalInput, actorUserId: string | null = null) {
  const data = hospitalInputSchema.parse(input)
  if (await findOrganizationBySlug(db, data.slug)) throw new HospitalExistsError(`a hospital with slug "${data.slug}" already exists`)
  const organization = await insertOrganization(db, { ...data, nameEn: data.nameEn ?? null })
  const patientService = await insertDepartment(db, {
    organizationId: organization.id,
    name: '患者服务部',
    nameEn: 'Patient Service',
    type: 'patient_service' satisfies DepartmentType,
    sortOrder: 0,
  })
  await installShippedTemplates(db, organization.id)
  await audit(db, { organizationId: organization.id, actorUserId, action: 'organization.created', entityType: 'organization', entityId: organization.id, after: organization })
  void ctx
  return { organization, patientServiceDepartment: patientService }
}
