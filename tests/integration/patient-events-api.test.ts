import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditEvents } from '#db/queries/audit.ts'
import { apiKeys, patientEvents } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

let t: TestContext
let a: TestHospital
let b: TestHospital
let keyA: string

const API = '/api/v1/patient-events'
const keysPage = (h: TestHospital) => `/app/${h.organization.slug}/admin/api-keys`

beforeAll(async () => {
  t = createTestContext({ clock: testClock(new Date('2026-03-02T02:00:00Z')) })
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
  keyA = await createKey(a, 'HIS 出院推送')
})
afterAll(() => t.close())

async function signedIn(email: string) {
  const client = new AppClient(t.ctx)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

/** Creates a key on the admin page and reads the full key from the one response that shows it. */
async function createKey(h: TestHospital, name: string) {
  const admin = await signedIn(h.users.admin.email)
  await admin.get(keysPage(h))
  const res = await admin.post(keysPage(h), { intent: 'create', name })
  expect(res.status).toBe(200)
  const key = res.text.match(/data-api-key="(hy_[A-Za-z0-9_-]{43})"/)?.[1]
  if (!key) throw new Error('no key shown')
  return key
}

function send(body: unknown, key?: string) {
  const client = new AppClient(t.ctx)
  return client.postRaw(API, JSON.stringify(body), { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) })
}

const event = (eventId: string, over: Record<string, unknown> = {}) => ({
  eventId,
  type: 'discharge',
  patientName: '王五',
  phone: '13812345678',
  department: 'Cardiology',
  touchpoint: '心内科病区',
  occurredAt: '2026-03-01T10:00:00+08:00',
  ...over,
})

const eventsOf = (h: TestHospital, externalId: string) =>
  t.ctx.db
    .select()
    .from(patientEvents)
    .where(and(eq(patientEvents.organizationId, h.organization.id), eq(patientEvents.externalId, externalId)))

describe('API keys page', () => {
  it('shows the full key once, stores only its hash, and audits creation', async () => {
    const [row] = await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.organizationId, a.organization.id))
    expect(row!.keyHash).not.toContain(keyA)
    expect(keyA.startsWith(row!.keyPrefix)).toBe(true)
    const admin = await signedIn(a.users.admin.email)
    const list = await admin.get(keysPage(a))
    expect(list.text).not.toContain(keyA)
    expect(list.text).toContain('HIS 出院推送')
    const audit = await listAuditEvents(t.ctx.db, { organizationId: a.organization.id })
    expect(audit.some((e) => e.action === 'api_keys.created')).toBe(true)
  })

  it('is for admins only', async () => {
    for (const role of ['patient_service', 'leadership'] as const) {
      const client = await signedIn(a.users[role].email)
      expect((await client.get(keysPage(a))).status).toBe(403)
    }
  })

  it('keeps the typed name when it is too long', async () => {
    const admin = await signedIn(a.users.admin.email)
    await admin.get(keysPage(a))
    const res = await admin.post(keysPage(a), { intent: 'create', name: '长'.repeat(101) })
    expect(res.status).toBe(400)
    expect(res.text).toContain('名称不能超过 100 个字')
  })
})

describe('POST /api/v1/patient-events', () => {
  it('refuses a missing, unknown or revoked key with the same 401', async () => {
    const revoked = await createKey(a, '旧系统')
    const [row] = await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.keyPrefix, revoked.slice(0, 9)))
    const admin = await signedIn(a.users.admin.email)
    await admin.get(keysPage(a))
    expect((await admin.post(keysPage(a), { intent: 'revoke', apiKeyId: row!.id })).status).toBe(302)

    const bodies = await Promise.all([send(event('K1')), send(event('K1'), 'hy_notAKeyAtAll'), send(event('K1'), revoked)].map(async (p) => p))
    for (const res of bodies) {
      expect(res.status).toBe(401)
      expect(JSON.parse(res.text)).toEqual({ error: 'Invalid or missing API key.' })
    }
    expect(await eventsOf(a, 'K1')).toEqual([])
    const audit = await listAuditEvents(t.ctx.db, { organizationId: a.organization.id })
    expect(audit.some((e) => e.action === 'api_keys.revoked' && e.entityId === row!.id)).toBe(true)
  })

  it('stores a single event with department, ward and time, and records when the key was used', async () => {
    const res = await send(event('API-1'), keyA)
    expect(res.status, res.text).toBe(200)
    const body = JSON.parse(res.text)
    expect(body).toMatchObject({ accepted: 1, duplicates: 0 })
    const [row] = await eventsOf(a, 'API-1')
    expect(body.ids).toEqual([row!.id])
    expect(row).toMatchObject({ source: 'api', type: 'discharge', phone: '+8613812345678', departmentId: a.departments.cardiology.id, touchpointId: a.touchpoint.id, locale: 'zh-CN' })
    expect(row!.occurredAt.toISOString()).toBe('2026-03-01T02:00:00.000Z')
    const [key] = await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.keyPrefix, keyA.slice(0, 9)))
    expect(key!.lastUsedAt?.toISOString()).toBe('2026-03-02T02:00:00.000Z')
  })

  it('is idempotent by event id: the same event twice is one row and the second is a duplicate', async () => {
    const first = await send({ events: [event('API-2', { type: 'visit', language: 'en', email: 'p@example.com' })] }, keyA)
    expect(JSON.parse(first.text)).toMatchObject({ accepted: 1, duplicates: 0 })
    const second = await send({ events: [event('API-2', { type: 'visit' }), event('API-3')] }, keyA)
    expect(second.status).toBe(200)
    const body = JSON.parse(second.text)
    expect(body).toMatchObject({ accepted: 1, duplicates: 1 })
    const rows = await eventsOf(a, 'API-2')
    expect(rows).toHaveLength(1)
    expect(body.ids[0]).toBe(rows[0]!.id)
    expect(rows[0]!.locale).toBe('en')
  })

  it('rejects the whole request with each invalid item index, storing nothing', async () => {
    const res = await send({ events: [event('API-4'), event('API-5', { phone: '123', email: null }), event('API-6', { occurredAt: '2026-03-01 10:00' }), { type: 'discharge' }] }, keyA)
    expect(res.status).toBe(400)
    const body = JSON.parse(res.text)
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, field: 'phone', code: 'phoneInvalid', message: { en: 'Invalid mobile number.', 'zh-CN': '手机号无效。' } }),
        expect.objectContaining({ index: 2, field: 'occurredAt', code: 'timeInvalid' }),
        expect.objectContaining({ index: 3, field: 'eventId' }),
      ]),
    )
    expect(body.errors.some((e: { index: number }) => e.index === 0)).toBe(false)
    expect(await eventsOf(a, 'API-4')).toEqual([])
  })

  it('refuses more than 500 events and bodies that are not JSON', async () => {
    const many = Array.from({ length: 501 }, (_, i) => event(`MANY-${i}`))
    expect((await send({ events: many }, keyA)).status).toBe(413)
    const client = new AppClient(t.ctx)
    const res = await client.postRaw(API, '{not json', { 'content-type': 'application/json', authorization: `Bearer ${keyA}` })
    expect(res.status).toBe(400)
  })

  it("writes with a key only into the key's own hospital", async () => {
    const keyB = await createKey(b, 'B 医院')
    // A department of hospital A does not exist for hospital B's key.
    const res = await send(event('CROSS-1', { department: a.departments.cardiology.id }), keyB)
    expect(res.status).toBe(400)
    expect(JSON.parse(res.text).errors[0]).toMatchObject({ index: 0, field: 'department', code: 'departmentUnknown' })
    const ok = await send(event('CROSS-1'), keyB)
    expect(ok.status).toBe(200)
    expect(await eventsOf(a, 'CROSS-1')).toEqual([])
    const [row] = await eventsOf(b, 'CROSS-1')
    expect(row!.departmentId).toBe(b.departments.cardiology.id)
    // The same event id in A is a different event.
    expect(JSON.parse((await send(event('CROSS-1'), keyA)).text)).toMatchObject({ accepted: 1, duplicates: 0 })
  })
})
