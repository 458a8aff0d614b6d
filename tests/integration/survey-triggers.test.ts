import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CampaignTrigger } from '#app/domain/survey-campaign-settings.ts'
import { performCaseAction } from '#app/services/case-actions.server.ts'
import { recordSubmission } from '#app/services/intake.server.ts'
import { inviteForClosedCase } from '#app/services/survey-invitations.server.ts'
import { addManualList, previewManualList } from '#app/services/survey-manual-list.server.ts'
import { auditEvents, cases, surveyCampaigns, surveyInvitations } from '#db/schema/index.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, testClock, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'
import { createRunningCampaign } from '#tests/helpers/surveys.ts'

// Monday 2026-11-16 10:00 in Shanghai.
const START = new Date('2026-11-16T02:00:00Z')
const clock = testClock(START)
let t: TestContext
let h: TestHospital

beforeAll(async () => {
  t = createTestContext({ clock })
  h = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())
// The frequency cap is per person across the hospital's campaigns: each test runs its own campaigns only.
beforeEach(async () => {
  clock.set(START)
  await t.ctx.db.update(surveyCampaigns).set({ status: 'stopped' }).where(eq(surveyCampaigns.organizationId, h.organization.id))
})

const campaign = (trigger: CampaignTrigger, extra: Partial<typeof surveyCampaigns.$inferInsert> = {}) =>
  createRunningCampaign(t.ctx, h.organization.id, { trigger, templateKey: 'complaint_followup', ...extra })

const uniqueMobile = () => `139${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`
const invitationsOf = (campaignId: string) => t.ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.campaignId, campaignId))

describe('inviting the patient when a complaint case is closed', () => {
  const ps = () => h.users.patient_service.id
  const act = async (caseId: string, action: unknown) => {
    const result = await performCaseAction(t.ctx, { organizationId: h.organization.id, actorUserId: ps() }, caseId, action)
    expect(result).toMatchObject({ ok: true })
  }

  /** A QR complaint about the cardiology ward, with the patient's mobile and consent unless told otherwise. */
  async function complaint({ phone = `+86${uniqueMobile()}`, consent = true }: { phone?: string | null; consent?: boolean } = {}) {
    const result = await recordSubmission(t.ctx, {
      organizationId: h.organization.id,
      kind: 'complaint',
      channel: 'qr',
      touchpointId: h.touchpoint.id,
      text: '夜间护士呼叫不应',
      locale: 'en',
      contactName: '李雷',
      contactPhone: phone,
      consentToContact: consent,
    })
    if (!result.ok) throw new Error(result.error)
    return { caseId: result.receipt.caseId!, phone }
  }

  async function investigateAndRespond(caseId: string) {
    await act(caseId, { type: 'startInvestigation' })
    await act(caseId, { type: 'respond', answer: '已核实并整改，向您致歉。', via: 'phone' })
  }
  const close = (caseId: string) =>
    act(caseId, { type: 'close', finding: '呼叫响应不及时', valid: true, attributedDepartmentId: h.departments.cardiology.id, remedy: '增加夜班巡视', answer: '已核实并整改，向您致歉。' })

  async function closeCase(caseId: string) {
    await act(caseId, { type: 'accept' })
    await investigateAndRespond(caseId)
    clock.set(new Date('2026-11-16T12:00:00Z')) // closed Monday 20:00 in Shanghai
    await close(caseId)
  }

  it('invites once, a day after closure moved to the next allowed hour, in the patient’s language and department', async () => {
    const c = await campaign('case_closed')
    const { caseId, phone } = await complaint()
    await closeCase(caseId)
    const invitations = await invitationsOf(c.id)
    expect(invitations).toHaveLength(1)
    expect(invitations[0]).toMatchObject({
      caseId,
      patientEventId: null,
      status: 'scheduled',
      phone,
      recipientName: '李雷',
      locale: 'en',
      departmentId: h.departments.cardiology.id,
      // Tuesday 20:00 is outside 09:00–20:00: Wednesday 09:00.
      sendAt: new Date('2026-11-18T01:00:00Z'),
      reminderAt: new Date('2026-11-20T01:00:00Z'),
      expiresAt: new Date('2026-11-25T01:00:00Z'),
    })
  })

  it('does not invite twice when the case is reopened and closed again', async () => {
    const c = await campaign('case_closed', { frequencyCapDays: 0 })
    const { caseId } = await complaint()
    await closeCase(caseId)
    await act(caseId, { type: 'reopen', newInformation: '患者来电补充情况' })
    await investigateAndRespond(caseId)
    clock.advance(40 * 24 * 3_600_000)
    await close(caseId)
    expect(await invitationsOf(c.id)).toHaveLength(1)
  })

  it('invites no one into paused or stopped campaigns, nor for an anonymous case or a patient who did not agree to be contacted', async () => {
    const paused = await campaign('case_closed', { status: 'paused' })
    const stopped = await campaign('case_closed', { status: 'stopped' })
    const { caseId } = await complaint()
    await closeCase(caseId)
    expect(await invitationsOf(paused.id)).toHaveLength(0)
    expect(await invitationsOf(stopped.id)).toHaveLength(0)

    const running = await campaign('case_closed')
    clock.set(START)
    const anonymous = await complaint({ phone: null, consent: false })
    await closeCase(anonymous.caseId)
    clock.set(START)
    const noConsent = await complaint({ consent: false })
    await closeCase(noConsent.caseId)
    expect(await invitationsOf(running.id)).toHaveLength(0)
  })

  it('leaves out a department the campaign does not cover, and invites a complaint resolved on the spot', async () => {
    const radiologyOnly = await campaign('case_closed', { departmentIds: [h.departments.radiology.id] })
    const { caseId } = await complaint()
    await closeCase(caseId)
    expect(await invitationsOf(radiologyOnly.id)).toHaveLength(0)

    const everyone = await campaign('case_closed')
    clock.set(START)
    const onTheSpot = await complaint()
    const result = await performCaseAction(t.ctx, { organizationId: h.organization.id, actorUserId: h.users.staff.id }, onTheSpot.caseId, { type: 'resolveOnTheSpot', whatWasDone: '护士长当面道歉' })
    expect(result).toMatchObject({ ok: true })
    expect(await invitationsOf(everyone.id)).toMatchObject([{ caseId: onTheSpot.caseId, sendAt: new Date('2026-11-17T02:00:00Z') }])
  })

  it('writes the invitation in the closing transaction: a rolled-back close leaves none', async () => {
    const c = await campaign('case_closed')
    const { caseId } = await complaint()
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, caseId))
    await expect(
      t.ctx.db.transaction(async (tx) => {
        expect(await inviteForClosedCase(t.ctx, tx, h.organization.id, { ...row!, closedAt: clock.now() })).toBe(1)
        throw new Error('the close failed after the invitation')
      }),
    ).rejects.toThrow('the close failed')
    expect(await invitationsOf(c.id)).toHaveLength(0)
  })

  it('respects the frequency cap: a patient surveyed recently is not invited again', async () => {
    const first = await campaign('case_closed')
    const phone = `+86${uniqueMobile()}`
    const one = await complaint({ phone })
    await closeCase(one.caseId)
    clock.set(START)
    const two = await complaint({ phone })
    await closeCase(two.caseId)
    expect(await invitationsOf(first.id)).toHaveLength(1)
  })
})

describe('adding people to a manual campaign from a list', () => {
  const actor = () => ({ organizationId: h.organization.id, actorUserId: h.users.patient_service.id })
  const add = (campaignId: string, text: string) => addManualList(t.ctx, actor(), campaignId, text)

  it('previews a good list and invites everyone on confirm, at the next allowed hour after the delay', async () => {
    const c = await campaign('manual')
    clock.set(new Date('2026-11-16T13:30:00Z')) // 21:30 in Shanghai, outside allowed hours
    const [m1, m2] = [uniqueMobile(), uniqueMobile()]
    const list = `姓名,手机号,邮箱,语言,科室\n王芳,${m1},,zh-CN,心血管内科\nJohn Smith,,john.${m2}@example.com,en,Radiology\n李雷,${m2},,,`
    const preview = await previewManualList(t.ctx, h.organization.id, c.id, list)
    expect(preview).toMatchObject({ ok: true, dataRows: 3, errors: [], counts: { invite: 3, capped: 0, duplicate: 0, alreadyAdded: 0 } })
    expect(await invitationsOf(c.id)).toHaveLength(0)

    expect(await add(c.id, list)).toEqual({ ok: true, added: 3, skipped: 0 })
    const rows = await invitationsOf(c.id)
    expect(rows.map((r) => [r.recipientName, r.phone, r.email, r.locale, r.departmentId]).sort()).toEqual(
      [
        ['John Smith', null, `john.${m2}@example.com`, 'en', h.departments.radiology.id],
        ['李雷', `+86${m2}`, null, 'zh-CN', null],
        ['王芳', `+86${m1}`, null, 'zh-CN', h.departments.cardiology.id],
      ].sort(),
    )
    for (const r of rows) expect(r).toMatchObject({ status: 'scheduled', sendAt: new Date('2026-11-17T01:00:00Z'), caseId: null, patientEventId: null })
    const audit = await t.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, c.id), eq(auditEvents.action, 'survey_campaign.recipients_added')))
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit[0])).not.toContain(m1)
  })

  it('lists every bad row and adds no one from a list with any problem', async () => {
    const c = await campaign('manual', { departmentIds: [h.departments.cardiology.id] })
    const list = `王芳,${uniqueMobile()},,zh-CN,心血管内科\n张三,12345,,zh-CN,心血管内科\n李四,,,,心血管内科\n赵六,${uniqueMobile()},,fr,心血管内科\n钱七,${uniqueMobile()},,,不存在科\n孙八,${uniqueMobile()},,,放射科`
    const preview = await previewManualList(t.ctx, h.organization.id, c.id, list)
    expect(preview.ok && preview.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [2, 'phone', 'phoneInvalid'],
      [3, 'phone', 'contactRequired'],
      [4, 'language', 'languageInvalid'],
      [5, 'department', 'departmentUnknown'],
      [6, 'department', 'departmentOutsideCampaign'],
    ])
    expect(await add(c.id, list)).toEqual({ ok: false, error: 'hasErrors', errors: 5 })
    expect(await invitationsOf(c.id)).toHaveLength(0)
  })

  it('invites no one twice when the same list is posted twice, with or without a frequency cap', async () => {
    for (const frequencyCapDays of [30, 0]) {
      const c = await campaign('manual', { frequencyCapDays })
      const list = `王芳,${uniqueMobile()}\n李雷,${uniqueMobile()}\n王芳再次,${uniqueMobile()}`
      expect(await add(c.id, list)).toEqual({ ok: true, added: 3, skipped: 0 })
      const again = await previewManualList(t.ctx, h.organization.id, c.id, list)
      expect(again).toMatchObject({ ok: true, counts: { invite: 0 } })
      expect(await add(c.id, list)).toEqual({ ok: true, added: 0, skipped: 3 })
      expect(await invitationsOf(c.id)).toHaveLength(3)
    }
  })

  it('counts one person once within a list', async () => {
    const c = await campaign('manual', { frequencyCapDays: 0 })
    const m = uniqueMobile()
    const preview = await previewManualList(t.ctx, h.organization.id, c.id, `王芳,${m}\n王芳,+86${m}`)
    expect(preview).toMatchObject({ ok: true, counts: { invite: 1, duplicate: 1 } })
    expect(await add(c.id, `王芳,${m}\n王芳,+86${m}`)).toEqual({ ok: true, added: 1, skipped: 1 })
  })

  it('leaves out people surveyed within the frequency cap by another campaign', async () => {
    const earlier = await campaign('manual')
    const m = uniqueMobile()
    await add(earlier.id, `王芳,${m}`)
    const later = await campaign('manual')
    const fresh = uniqueMobile()
    const preview = await previewManualList(t.ctx, h.organization.id, later.id, `王芳,${m}\n李雷,${fresh}`)
    expect(preview).toMatchObject({ ok: true, counts: { invite: 1, capped: 1 } })
    expect(await add(later.id, `王芳,${m}\n李雷,${fresh}`)).toEqual({ ok: true, added: 1, skipped: 1 })
    expect((await invitationsOf(later.id)).map((r) => r.phone)).toEqual([`+86${fresh}`])
  })

  it('adds to a draft campaign but not to a paused one, nor to a campaign with another trigger', async () => {
    const draft = await campaign('manual', { status: 'draft' })
    expect(await add(draft.id, `王芳,${uniqueMobile()}`)).toMatchObject({ ok: true, added: 1 })
    const paused = await campaign('manual', { status: 'paused' })
    expect(await add(paused.id, `王芳,${uniqueMobile()}`)).toEqual({ ok: false, error: 'notOpen' })
    const discharge = await campaign('discharge')
    expect(await add(discharge.id, `王芳,${uniqueMobile()}`)).toEqual({ ok: false, error: 'notManual' })
    expect(await invitationsOf(paused.id)).toHaveLength(0)
  })
})

describe('the recipients page', () => {
  const page = (campaignId: string) => `/app/${h.organization.slug}/surveys/campaigns/${campaignId}/recipients`

  it('previews a pasted list without JavaScript, shows row errors, and adds the people on confirm', async () => {
    const c = await campaign('manual')
    const client = new AppClient(t.ctx)
    await client.signIn(h.users.patient_service.email, TEST_PASSWORD)
    const shown = await client.get(page(c.id))
    expect(shown.status).toBe(200)
    expect(shown.text).toContain('添加受访人')

    const bad = new FormData()
    bad.set('intent', 'preview')
    bad.set('list', `王芳,12345`)
    const refused = await client.postMultipart(page(c.id), bad)
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('data-error-code="phoneInvalid"')

    const good = new FormData()
    good.set('intent', 'preview')
    good.set('file', new File([`姓名,手机号\n王芳,${uniqueMobile()}\n李雷,${uniqueMobile()}`], 'list.csv', { type: 'text/csv' }))
    const previewed = await client.postMultipart(page(c.id), good)
    expect(previewed.status).toBe(200)
    expect(previewed.text).toContain('确认添加 2 人')
    expect(await invitationsOf(c.id)).toHaveLength(0)

    const list = /<textarea name="list" hidden="" readOnly="">([^<]*)<\/textarea>/i.exec(previewed.text)?.[1]
    expect(list).toBeTruthy()
    const confirm = new FormData()
    confirm.set('intent', 'confirm')
    confirm.set('list', list!.replace(/&#x27;/g, "'"))
    const done = await client.postMultipart(page(c.id), confirm)
    expect(done.status).toBe(302)
    expect(done.location).toContain('added=2')
    expect(await invitationsOf(c.id)).toHaveLength(2)
  })

  it('is for survey managers only', async () => {
    const c = await campaign('manual')
    const client = new AppClient(t.ctx)
    await client.signIn(h.users.staff.email, TEST_PASSWORD)
    expect((await client.get(page(c.id))).status).toBe(403)
  })
})
