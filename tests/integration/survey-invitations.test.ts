import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { PatientEventInput } from '#app/domain/patient-event-rows.ts'
import { recordPatientEvents } from '#app/services/patient-events.server.ts'
import { surveyToken } from '#app/services/survey-invitations.server.ts'
import { surveyCampaigns, surveyInvitationHistory, surveyInvitations } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, type TestHospital } from '#tests/helpers/factories.ts'
import { createRunningCampaign } from '#tests/helpers/surveys.ts'

// "Now" is Friday 2026-01-23 20:00 in Shanghai, two hours after the discharges below.
const clock = testClock(new Date('2026-01-23T12:00:00Z'))
let t: TestContext
let h: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  h = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())
// The frequency cap is per person across the hospital's campaigns: each test runs its own campaigns only.
beforeEach(async () => {
  await t.ctx.db.update(surveyCampaigns).set({ status: 'stopped' }).where(eq(surveyCampaigns.organizationId, h.organization.id))
})

const campaign = (extra: Partial<typeof surveyCampaigns.$inferInsert> = {}) => createRunningCampaign(t.ctx, h.organization.id, extra)

const uniquePhone = () => `+86139${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`

function discharge(extra: Partial<PatientEventInput> = {}): PatientEventInput {
  return {
    type: 'discharge',
    externalId: `ZY-${randomBytes(4).toString('hex')}`,
    patientName: '王芳',
    phone: uniquePhone(),
    email: null,
    departmentId: h.departments.cardiology.id,
    touchpointId: null,
    occurredAt: new Date('2026-01-23T10:00:00Z'), // 18:00 in Shanghai
    locale: 'zh-CN',
    ...extra,
  }
}

const record = (events: PatientEventInput[]) => t.ctx.db.transaction((tx) => recordPatientEvents(t.ctx, tx, h.organization.id, events, { source: 'api' }))
const invitationsOf = (campaignId: string) => t.ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.campaignId, campaignId))

describe('invitations for new discharges', () => {
  it('invites 3 days after discharge at an allowed hour, reminds 2 days later and expires after 7, with a working link', async () => {
    const c = await campaign()
    const event = discharge()
    await record([event])
    const [inv] = await invitationsOf(c.id)
    expect(inv).toMatchObject({
      status: 'scheduled',
      phone: event.phone,
      locale: 'zh-CN',
      departmentId: h.departments.cardiology.id,
      sendAt: new Date('2026-01-26T10:00:00Z'),
      reminderAt: new Date('2026-01-28T10:00:00Z'),
      expiresAt: new Date('2026-02-02T10:00:00Z'),
      templateVersionId: c.templateVersionId,
    })
    const history = await t.ctx.db.select().from(surveyInvitationHistory).where(eq(surveyInvitationHistory.invitationId, inv!.id))
    expect(history.map((r) => r.status)).toEqual(['scheduled'])
    // The link is derived from the invitation; only its hash is stored, and the survey page finds it.
    const client = new AppClient(t.ctx)
    const page = await client.get(`/s/${surveyToken(t.ctx, inv!.id)}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('住院')
  })

  it('moves a late-evening discharge’s invitation to the next allowed hour', async () => {
    const c = await campaign()
    await record([discharge({ occurredAt: new Date('2026-01-23T15:30:00Z') })]) // 23:30 in Shanghai
    const [inv] = await invitationsOf(c.id)
    expect(inv!.sendAt).toEqual(new Date('2026-01-27T01:00:00Z')) // Tue 09:00
  })

  it('makes one invitation per campaign and event, even when the event is sent again', async () => {
    const c = await campaign()
    const event = discharge()
    await record([event])
    await record([event])
    expect(await invitationsOf(c.id)).toHaveLength(1)
  })

  it('does not survey one person twice within the frequency cap, within one batch or across batches', async () => {
    const c = await campaign()
    const phone = uniquePhone()
    await record([discharge({ phone }), discharge({ phone, occurredAt: new Date('2026-01-22T10:00:00Z') })])
    expect(await invitationsOf(c.id)).toHaveLength(1)
    // A discharge 40 days later is outside the 30-day cap.
    await record([discharge({ phone, occurredAt: new Date('2026-03-04T10:00:00Z') })])
    expect(await invitationsOf(c.id)).toHaveLength(2)
  })

  it('keeps to the campaign’s departments (sub-departments included), its trigger, and running campaigns only', async () => {
    const cardiologyOnly = await campaign({ departmentIds: [h.departments.cardiology.id] })
    const paused = await campaign({ status: 'paused' })
    await record([discharge({ departmentId: h.departments.radiology.id }), discharge({ type: 'visit' })])
    expect(await invitationsOf(cardiologyOnly.id)).toHaveLength(0)
    expect(await invitationsOf(paused.id)).toHaveLength(0)
    await record([discharge()])
    expect(await invitationsOf(cardiologyOnly.id)).toHaveLength(1)
    expect(await t.ctx.db.select().from(surveyInvitations).where(and(eq(surveyInvitations.campaignId, paused.id)))).toHaveLength(0)
  })
})
