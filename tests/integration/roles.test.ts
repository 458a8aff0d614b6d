import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { navigationFor } from '#app/domain/navigation.ts'
import { can, type Permission } from '#app/domain/permissions.ts'
import { ROLES } from '#app/domain/roles.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { listSurveyTemplates } from '#app/services/survey-templates.server.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

let t: TestContext
let h: TestHospital
let caseId: string
let templateId: string

beforeAll(async () => {
  t = createTestContext()
  h = await createHospitalWithStaff(t.ctx)
  // From the cardiology touchpoint: every role, cardiology-scoped ones included, may see it.
  const recorded = await recordSubmission(t.ctx, { organizationId: h.organization.id, kind: 'complaint', channel: 'qr', touchpointId: h.touchpoint.id, text: '角色测试用投诉', contactPhone: '+8613812345678', locale: 'zh-CN' })
  if (!recorded.ok) throw new Error(recorded.error)
  caseId = recorded.receipt.caseId!
  templateId = (await listSurveyTemplates(t.ctx, h.organization.id)).find((x) => x.key === 'outpatient')!.id
})
afterAll(() => t.close())

const PAGES: { path: (h: TestHospital) => string; permission: Permission }[] = [
  { path: (h) => `/app/${h.organization.slug}`, permission: 'home.view' },
  { path: (h) => `/app/${h.organization.slug}/cases`, permission: 'cases.view' },
  { path: (h) => `/app/${h.organization.slug}/cases/export.csv`, permission: 'cases.export' },
  { path: (h) => `/app/${h.organization.slug}/notifications`, permission: 'notifications.view' },
  { path: (h) => `/app/${h.organization.slug}/boards`, permission: 'boards.view' },
  // The department head's own department (cardiology): other departments are a 404 for them (boards-pages.test.ts).
  { path: (h) => `/app/${h.organization.slug}/boards/departments/${h.departments.cardiology.id}`, permission: 'boards.view' },
  { path: (h) => `/app/${h.organization.slug}/cases/${caseId}`, permission: 'cases.view' },
  { path: (h) => `/app/${h.organization.slug}/surveys/templates`, permission: 'surveys.view' },
  { path: (h) => `/app/${h.organization.slug}/surveys/templates/${templateId}`, permission: 'surveys.view' },
  { path: (h) => `/app/${h.organization.slug}/surveys/campaigns`, permission: 'surveys.view' },
  { path: (h) => `/app/${h.organization.slug}/surveys/alerts`, permission: 'surveyAlerts.view' },
  { path: (h) => `/app/${h.organization.slug}/surveys/events`, permission: 'patientEvents.import' },
  { path: (h) => `/app/${h.organization.slug}/admin/api-keys`, permission: 'apiKeys.manage' },
  { path: (h) => `/app/${h.organization.slug}/admin/departments`, permission: 'departments.view' },
  { path: (h) => `/app/${h.organization.slug}/admin/departments/${h.departments.cardiology.id}`, permission: 'departments.manage' },
  { path: (h) => `/app/${h.organization.slug}/admin/touchpoints`, permission: 'touchpoints.view' },
  { path: (h) => `/app/${h.organization.slug}/admin/staff`, permission: 'staff.view' },
  { path: (h) => `/app/${h.organization.slug}/admin/settings`, permission: 'settings.view' },
  { path: (h) => `/app/${h.organization.slug}/admin/outbox`, permission: 'outbox.view' },
  { path: (h) => `/app/${h.organization.slug}/admin/audit`, permission: 'audit.view' },
  { path: (h) => `/app/${h.organization.slug}/evaluation/2026-01`, permission: 'evaluation.view' },
  { path: (h) => `/app/${h.organization.slug}/evaluation/2026-01/export.xlsx`, permission: 'evaluation.view' },
  { path: (h) => `/app/${h.organization.slug}/admin/boards`, permission: 'settings.view' },
]

describe('role matrix', () => {
  for (const role of ROLES) {
    it(`lets ${role} open exactly the pages its role allows, and shows only those in the navigation`, async () => {
      const client = new AppClient(t.ctx)
      await client.signIn(h.users[role].email, TEST_PASSWORD)
      for (const page of PAGES) {
        const res = await client.get(page.path(h))
        expect(res.status, `${role} ${page.path(h)}`).toBe(can(role, page.permission) ? 200 : 403)
      }
      const home = await client.get(`/app/${h.organization.slug}`)
      const shown = [...home.text.matchAll(/data-nav="([a-zA-Z]+)"/g)].map((m) => m[1])
      expect(shown).toEqual(navigationFor(role).map((n) => n.key))
    })
  }

  it('lets only the roles allowed to see contact details reveal them on the case page', async () => {
    for (const role of ROLES) {
      const client = new AppClient(t.ctx)
      await client.signIn(h.users[role].email, TEST_PASSWORD)
      const res = await client.post(`/app/${h.organization.slug}/cases/${caseId}`, { intent: 'revealContact' })
      expect(res.status, role).toBe(can(role, 'contact.reveal') ? 200 : 403)
      if (res.status === 200) expect(res.text).toContain('+8613812345678')
    }
  })

  it('lets only the admin create departments; leadership reads but changes nothing', async () => {
    for (const role of ROLES) {
      const client = new AppClient(t.ctx)
      await client.signIn(h.users[role].email, TEST_PASSWORD)
      const res = await client.post(`/app/${h.organization.slug}/admin/departments`, { name: `由${role}创建`, type: 'clinical' })
      expect(res.status, role).toBe(role === 'admin' ? 302 : 403)
    }
  })
})
