import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Locale } from '#app/domain/locales.ts'
import { defaultCampaignSettings, type CampaignTrigger } from '#app/domain/survey-campaign-settings.ts'
import type { InvitationStatus } from '#app/domain/survey-invitation.ts'
import { surveyTemplateContentSchema, type SurveyTemplateContent } from '#app/domain/survey-template.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { hashToken, newToken } from '#app/lib/tokens.server.ts'
import { listSurveyTemplates } from '#app/services/survey-templates.server.ts'
import { surveyCampaigns, surveyInvitations, surveyTemplates, surveyTemplateVersions } from '#db/schema/index.ts'

const both = (zh: string, en: string) => ({ 'zh-CN': zh, en })

/** One question of each kind on one page; only `comments` may be marked as a complaint. */
export const ONE_PAGE_SURVEY: SurveyTemplateContent = surveyTemplateContentSchema.parse({
  title: both('门诊患者满意度调查', 'Outpatient satisfaction survey'),
  intro: both('感谢您抽出时间填写本问卷。', 'Thank you for taking the time to answer.'),
  paged: false,
  questions: [
    { id: 'doctor', type: 'rating', required: true, dimension: 'doctor_communication', text: both('医生是否耐心解释了您的病情？', 'Did the doctor explain your condition patiently?') },
    { id: 'recommend', type: 'nps', required: false, dimension: 'recommendation', text: both('您向亲友推荐本院的可能性有多大？', 'How likely are you to recommend us to family and friends?') },
    {
      id: 'wait',
      type: 'single_choice',
      required: false,
      dimension: 'process_waiting',
      text: both('候诊时间大约多久？', 'How long did you wait?'),
      choices: [
        { id: 'short', label: both('30 分钟以内', 'Under 30 minutes') },
        { id: 'long', label: both('30 分钟以上', 'Over 30 minutes') },
      ],
    },
    {
      id: 'areas',
      type: 'multiple_choice',
      required: false,
      dimension: 'environment',
      text: both('哪些方面需要改进？', 'What should we improve?'),
      choices: [
        { id: 'signs', label: both('指示标识', 'Signs') },
        { id: 'toilets', label: both('卫生间', 'Toilets') },
        { id: 'parking', label: both('停车', 'Parking') },
      ],
    },
    { id: 'comments', type: 'text', required: false, dimension: 'overall', allowComplaint: true, text: both('其他意见或建议', 'Other comments') },
    { id: 'praise', type: 'text', required: false, dimension: 'overall', text: both('想表扬的医护人员', 'Anyone you would like to thank') },
  ],
})

/** One question per page: three questions, the last one required. */
export const PAGED_SURVEY: SurveyTemplateContent = surveyTemplateContentSchema.parse({
  title: both('住院患者满意度调查', 'Inpatient satisfaction survey'),
  paged: true,
  questions: [
    { id: 'nurse', type: 'rating', required: true, dimension: 'nurse_communication', text: both('护士是否及时回应您的需要？', 'Did the nurses respond to your needs in time?') },
    { id: 'food', type: 'rating', required: false, dimension: 'food', text: both('您对医院膳食满意吗？', 'Were you satisfied with the food?') },
    { id: 'overall', type: 'rating', required: true, dimension: 'overall', text: both('总体而言，您对本次住院满意吗？', 'Overall, were you satisfied with your stay?') },
  ],
})

/**
 * A template, its version, a running campaign and one invitation for it, inserted directly
 * (as the campaign engine would); returns the raw link token, which only this caller knows.
 */
export async function createSurveyInvitation(
  ctx: AppContext,
  options: { organizationId: string; content?: SurveyTemplateContent; locale?: Locale; status?: InvitationStatus; expiresAt?: Date; sentAt?: Date },
) {
  const { organizationId } = options
  const content = options.content ?? ONE_PAGE_SURVEY
  const now = ctx.clock.now()
  const token = newToken()
  return ctx.db.transaction(async (tx) => {
    const [template] = await tx.insert(surveyTemplates).values({ organizationId, name: content.title['zh-CN'], nameEn: content.title.en }).returning()
    const [version] = await tx.insert(surveyTemplateVersions).values({ organizationId, templateId: template!.id, version: 1, content }).returning()
    const [campaign] = await tx
      .insert(surveyCampaigns)
      .values({
        organizationId,
        name: `回访 ${content.title['zh-CN']}`,
        templateId: template!.id,
        templateVersionId: version!.id,
        trigger: 'manual',
        channelPreference: 'sms',
        delayMinutes: 0,
        allowedFrom: '09:00',
        allowedUntil: '20:00',
        reminderAfterMinutes: 2 * 24 * 60,
        expiryMinutes: 7 * 24 * 60,
        frequencyCapDays: 30,
        status: 'running',
        startedAt: now,
      })
      .returning()
    const sentAt = options.sentAt ?? now
    const [invitation] = await tx
      .insert(surveyInvitations)
      .values({
        organizationId,
        campaignId: campaign!.id,
        templateVersionId: version!.id,
        recipientName: '张三',
        phone: '+8613800138000',
        personKey: `+86138${Math.floor(Math.random() * 1e8)}`,
        locale: options.locale ?? 'zh-CN',
        channel: 'sms',
        tokenHash: hashToken(token),
        status: options.status ?? 'sent',
        sendAt: sentAt,
        sentAt,
        expiresAt: options.expiresAt ?? new Date(sentAt.getTime() + 7 * 24 * 3600_000),
      })
      .returning()
    return { token, template: template!, version: version!, campaign: campaign!, invitation: invitation! }
  })
}
export type TestSurveyInvitation = Awaited<ReturnType<typeof createSurveyInvitation>>

/**
 * A running campaign on one of the hospital's shipped templates, with the trigger's default
 * settings unless `extra` says otherwise (inserted directly, as the campaign form would).
 */
export async function createRunningCampaign(
  ctx: AppContext,
  organizationId: string,
  { trigger = 'discharge', templateKey = 'inpatient', ...extra }: { trigger?: CampaignTrigger; templateKey?: string } & Partial<typeof surveyCampaigns.$inferInsert> = {},
) {
  const templates = await listSurveyTemplates(ctx, organizationId)
  const template = templates.find((x) => x.key === templateKey) ?? templates[0]!
  const [version] = await ctx.db.select().from(surveyTemplateVersions).where(eq(surveyTemplateVersions.templateId, template.id))
  const [row] = await ctx.db
    .insert(surveyCampaigns)
    .values({ organizationId, name: `回访 ${randomBytes(2).toString('hex')}`, templateId: template.id, templateVersionId: version!.id, ...defaultCampaignSettings(trigger), status: 'running', ...extra })
    .returning()
  return row!
}
