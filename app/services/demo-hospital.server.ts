import { randomBytes } from 'node:crypto'
import type { DepartmentType } from '#app/domain/departments.ts'
import type { Role } from '#app/domain/roles.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashPassword } from '#app/lib/password.server.ts'
import { newPublicCode } from '#app/lib/public-code.server.ts'
import { insertDepartment } from '#db/queries/departments.ts'
import { insertMembership } from '#db/queries/memberships.ts'
import { countOrganizations, updateOrganization } from '#db/queries/organizations.ts'
import { setPublicBoardPublished } from '#db/queries/public-board.ts'
import { findOrganizationBySmsNumber } from '#db/queries/sms.ts'
import { insertTouchpoint } from '#db/queries/touchpoints.ts'
import { insertUser } from '#db/queries/users.ts'
import { createHospital } from './hospitals.server.ts'

type Dept = { name: string; nameEn: string; type: DepartmentType; children?: Dept[]; touchpoints?: [string, string][] }

/** About twenty departments, nested where hospitals nest them, with QR feedback points. */
const DEPARTMENTS: Dept[] = [
  {
    name: '内科',
    nameEn: 'Internal Medicine',
    type: 'clinical',
    children: [
      { name: '心血管内科', nameEn: 'Cardiology', type: 'clinical', touchpoints: [['心内科病区护士站', 'Cardiology ward nurses’ station']] },
      { name: '消化内科', nameEn: 'Gastroenterology', type: 'clinical' },
      { name: '呼吸与危重症医学科', nameEn: 'Respiratory and Critical Care', type: 'clinical' },
      { name: '内分泌科', nameEn: 'Endocrinology', type: 'clinical' },
    ],
  },
  {
    name: '外科',
    nameEn: 'Surgery',
    type: 'clinical',
    children: [
      { name: '普通外科', nameEn: 'General Surgery', type: 'clinical' },
      { name: '骨科', nameEn: 'Orthopaedics', type: 'clinical', touchpoints: [['骨科病区', 'Orthopaedics ward']] },
    ],
  },
  { name: '妇产科', nameEn: 'Obstetrics and Gynaecology', type: 'clinical' },
  { name: '儿科', nameEn: 'Paediatrics', type: 'clinical', touchpoints: [['儿科门诊候诊区', 'Paediatric clinic waiting area']] },
  { name: '急诊科', nameEn: 'Emergency', type: 'clinical', touchpoints: [['急诊大厅', 'Emergency hall']] },
  { name: '眼科', nameEn: 'Ophthalmology', type: 'clinical' },
  { name: '检验科', nameEn: 'Clinical Laboratory', type: 'medical_technical', touchpoints: [['门诊采血窗口', 'Outpatient blood draw window']] },
  { name: '放射科', nameEn: 'Radiology', type: 'medical_technical', touchpoints: [['放射科候检区', 'Radiology waiting area']] },
  { name: '超声科', nameEn: 'Ultrasound', type: 'medical_technical' },
  { name: '药剂科', nameEn: 'Pharmacy', type: 'medical_technical', touchpoints: [['门诊西药房取药窗口', 'Outpatient pharmacy window']] },
  { name: '门诊部', nameEn: 'Outpatient Office', type: 'functional', touchpoints: [['门诊一楼收费窗口', 'Ground floor payment window']] },
  { name: '医务部', nameEn: 'Medical Affairs', type: 'functional' },
  { name: '护理部', nameEn: 'Nursing Department', type: 'functional' },
  { name: '财务部', nameEn: 'Finance', type: 'functional' },
  { name: '后勤保障部', nameEn: 'Facilities and Logistics', type: 'logistics', touchpoints: [['住院楼电梯厅', 'Inpatient building lift lobby']] },
  { name: '营养膳食科', nameEn: 'Nutrition and Catering', type: 'logistics' },
  { name: '保卫科', nameEn: 'Security', type: 'logistics', touchpoints: [['地下停车场入口', 'Car park entrance']] },
]

const DEMO_USERS: { role: Role; email: string; name: string; scope?: string }[] = [
  { role: 'admin', email: 'admin@demo.huiyin.local', name: '王管理' },
  { role: 'patient_service', email: 'service@demo.huiyin.local', name: '李服务' },
  { role: 'department_head', email: 'head.cardiology@demo.huiyin.local', name: '张主任', scope: '心血管内科' },
  { role: 'staff', email: 'nurse.cardiology@demo.huiyin.local', name: '赵护士', scope: '心血管内科' },
  { role: 'leadership', email: 'president@demo.huiyin.local', name: '陈院长' },
]

export interface SeededDemo {
  hospitalName: string
  slug: string
  users: { role: Role; email: string; password: string }[]
}

/** On the very first start only (no hospital yet): a demo hospital with one user per role. */
export async function seedDemoHospitalIfEmpty(ctx: AppContext): Promise<SeededDemo | null> {
  if ((await countOrganizations(ctx.db)) > 0) return null
  return seedDemoHospital(ctx)
}

export async function seedDemoHospital(ctx: AppContext, slug = 'demo'): Promise<SeededDemo> {
  const password = (role: Role) => ctx.config.demoPassword ?? `${role.slice(0, 4)}-${randomBytes(6).toString('base64url')}`
  const credentials = DEMO_USERS.map((u) => ({ ...u, password: password(u.role) }))
  const hashes = await Promise.all(credentials.map((u) => hashPassword(u.password)))

  return ctx.db.transaction(async (tx) => {
    const { organization, patientServiceDepartment } = await createHospital(ctx, tx, {
      name: '回音示范医院',
      nameEn: 'Huiyin Demo Hospital',
      slug,
      timeZone: 'Asia/Shanghai',
      defaultLocale: 'zh-CN',
    })
    // Texts to the configured Twilio number reach the demo hospital; without Twilio, a placeholder.
    const smsNumber = ctx.config.sms.kind === 'twilio' ? ctx.config.sms.from : '+8610000000000'
    if (!(await findOrganizationBySmsNumber(tx, smsNumber))) await updateOrganization(tx, { organizationId: organization.id, smsNumber })
    // The demo shows its public board (/h/demo/board) from the first start.
    await setPublicBoardPublished(tx, { organizationId: organization.id, published: true })
    const byName = new Map<string, string>([['患者服务部', patientServiceDepartment.id]])
    await insertTouchpoint(tx, {
      organizationId: organization.id,
      departmentId: patientServiceDepartment.id,
      name: '门诊大厅服务台',
      nameEn: 'Outpatient hall service desk',
      publicCode: newPublicCode(),
    })
    let order = 1
    const add = async (d: Dept, parentId: string | null) => {
      const row = await insertDepartment(tx, { organizationId: organization.id, name: d.name, nameEn: d.nameEn, type: d.type, parentId, sortOrder: order++ })
      byName.set(d.name, row.id)
      for (const [name, nameEn] of d.touchpoints ?? []) {
        await insertTouchpoint(tx, { organizationId: organization.id, departmentId: row.id, name, nameEn, publicCode: newPublicCode() })
      }
      for (const child of d.children ?? []) await add(child, row.id)
    }
    for (const d of DEPARTMENTS) await add(d, null)

    for (const [i, u] of credentials.entries()) {
      const user = await insertUser(tx, { email: u.email, name: u.name, passwordHash: hashes[i]!, locale: null })
      await insertMembership(tx, { organizationId: organization.id, userId: user.id, role: u.role, departmentIds: u.scope ? [byName.get(u.scope)!] : [] })
    }
    return { hospitalName: organization.name, slug: organization.slug, users: credentials.map(({ role, email, password }) => ({ role, email, password })) }
  })
}
