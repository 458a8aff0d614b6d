import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

let t: TestContext
let a: TestHospital
let b: TestHospital

beforeAll(async () => {
  t = createTestContext()
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

/** Every hospital page that exists; `:id` pages take an entity of hospital B. */
function hospitalUrls(h: TestHospital) {
  const base = `/app/${h.organization.slug}`
  return [
    base,
    `${base}/admin/departments`,
    `${base}/admin/departments/${h.departments.cardiology.id}`,
    `${base}/admin/touchpoints`,
    `${base}/admin/staff`,
    `${base}/admin/settings`,
    `${base}/admin/outbox`,
    `${base}/admin/audit`,
  ]
}

describe('tenancy isolation', () => {
  it('gives an admin of hospital A a 404 for every hospital B page', async () => {
    const client = new AppClient(t.ctx)
    await client.signIn(a.users.admin.email, TEST_PASSWORD)
    for (const url of hospitalUrls(b)) {
      const res = await client.get(url)
      expect(res.status, url).toBe(404)
    }
  })

  it('gives a 404 when hospital A’s URL names a department of hospital B', async () => {
    const client = new AppClient(t.ctx)
    await client.signIn(a.users.admin.email, TEST_PASSWORD)
    const res = await client.get(`/app/${a.organization.slug}/admin/departments/${b.departments.cardiology.id}`)
    expect(res.status).toBe(404)
    const post = await client.post(`/app/${a.organization.slug}/admin/departments/${b.departments.cardiology.id}`, { name: 'hijacked', type: 'clinical' })
    expect(post.status).toBe(404)
  })

  it('refuses changes posted to hospital B and leaves B unchanged', async () => {
    const client = new AppClient(t.ctx)
    await client.signIn(a.users.admin.email, TEST_PASSWORD)
    const res = await client.post(`/app/${b.organization.slug}/admin/departments`, { name: '越权科室', type: 'clinical' })
    expect(res.status).toBe(404)
    const bAdmin = new AppClient(t.ctx)
    await bAdmin.signIn(b.users.admin.email, TEST_PASSWORD)
    const page = await bAdmin.get(`/app/${b.organization.slug}/admin/departments`)
    expect(page.status).toBe(200)
    expect(page.text).not.toContain('越权科室')
  })

  it('lets each admin see their own hospital', async () => {
    const client = new AppClient(t.ctx)
    await client.signIn(a.users.admin.email, TEST_PASSWORD)
    for (const url of hospitalUrls(a)) {
      const res = await client.get(url)
      expect(res.status, url).toBe(200)
    }
  })

  it('sends visitors who are not signed in to the sign-in page', async () => {
    const client = new AppClient(t.ctx)
    const res = await client.get(`/app/${a.organization.slug}/admin/departments`)
    expect(res.status).toBe(302)
    expect(res.location).toContain('/login?redirectTo=')
  })
})
