import ExcelJS from 'exceljs'
import { isUuid } from '#app/domain/form-fields.ts'
import type { Locale } from '#app/domain/locales.ts'
import { maskEmail, maskPhone } from '#app/domain/phone.ts'
import { surveyAnswersSchema, type SurveyAnswer } from '#app/domain/survey-answers.ts'
import type { SurveyQuestion, SurveyTemplateContent } from '#app/domain/survey-template.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { translator } from '#app/lib/i18n.ts'
import { listCompletedResponses, listTemplateVersionContents } from '#db/queries/survey-campaign-report.ts'
import { findCampaign } from '#db/queries/survey-campaigns.ts'
import { audit } from './audit.server.ts'
import { csvLine } from '#app/domain/csv.ts'
import { localMinute } from '#app/lib/format.ts'

/**
 * A campaign's completed responses as CSV or XLSX: one row per response, one column per
 * question of the template version(s) answered, headed in the reader's language. No names,
 * phone numbers or email addresses: the response id and the masked recipient identify a row.
 */

export const RESPONSE_EXPORT_MAX_ROWS = 50_000
export type ResponseExportFormat = 'csv' | 'xlsx'

type Cell = string | number
interface Sheet {
  header: string[]
  rows: Cell[][]
}


/**
 * Every question id across the versions, in the oldest version's order with later additions
 * after; the newest version's wording heads a column.
 */
function columnsOf(versions: { content: SurveyTemplateContent }[]): SurveyQuestion[] {
  const byId = new Map<string, SurveyQuestion>()
  for (const v of versions) for (const q of v.content.questions) byId.set(q.id, q)
  return [...byId.values()]
}

function answerCell(question: SurveyQuestion | undefined, answer: SurveyAnswer | undefined, locale: Locale): Cell {
  if (!answer) return ''
  switch (answer.type) {
    case 'rating':
    case 'nps':
      return answer.value
    case 'text':
      return answer.value
    case 'single_choice':
    case 'multiple_choice': {
      const choices = question && 'choices' in question && question.choices ? question.choices : []
      const label = (id: string) => choices.find((c) => c.id === id)?.label[locale] ?? id
      return typeof answer.value === 'string' ? label(answer.value) : answer.value.map(label).join('; ')
    }
  }
}

async function buildSheet(ctx: AppContext, viewer: { organizationId: string; timeZone: string; locale: Locale }, campaignId: string) {
  const { organizationId, timeZone, locale } = viewer
  const responses = await listCompletedResponses(ctx.db, { organizationId, campaignId, limit: RESPONSE_EXPORT_MAX_ROWS })
  const versionIds = [...new Set(responses.map((r) => r.templateVersionId))]
  const versions = await listTemplateVersionContents(ctx.db, { organizationId, versionIds })
  const contentOf = new Map(versions.map((v) => [v.id, v.content]))
  const questions = columnsOf(versions)
  const t = translator(locale)
  const yesNo = (b: boolean) => (b ? t('surveys:campaigns.export.yes') : t('surveys:campaigns.export.no'))
  const header = [
    t('surveys:campaigns.export.columns.responseId'),
    t('surveys:campaigns.export.columns.completedAt'),
    t('surveys:campaigns.export.columns.department'),
    t('surveys:campaigns.export.columns.channel'),
    t('surveys:campaigns.export.columns.recipient'),
    ...questions.map((q) => q.text[locale]),
    t('surveys:campaigns.export.columns.complaint'),
    t('surveys:campaigns.export.columns.wantsContact'),
  ]
  const rows = responses.map((r): Cell[] => {
    const parsed = surveyAnswersSchema.safeParse(r.answers)
    const answers = parsed.success ? parsed.data : {}
    // Each answer read with its own version's question (choice labels may differ between versions).
    const own = new Map((contentOf.get(r.templateVersionId)?.questions ?? []).map((q) => [q.id, q]))
    const complaint = Object.values(answers).some((a) => a.type === 'text' && a.complaint === true)
    return [
      r.id,
      localMinute(r.completedAt!, timeZone),
      r.departmentName ? (locale === 'en' && r.departmentNameEn ? r.departmentNameEn : r.departmentName) : '',
      r.channel ? t(`surveys:campaigns.page.channels.${r.channel}`) : '',
      r.phone ? maskPhone(r.phone) : r.email ? maskEmail(r.email) : '',
      ...questions.map((q) => answerCell(own.get(q.id) ?? q, answers[q.id], locale)),
      yesNo(complaint),
      yesNo(r.wantsContact),
    ]
  })
  return { header, rows } satisfies Sheet
}


/** UTF-8 with a BOM, so Excel in Chinese opens it right. */
function toCsv(sheet: Sheet): Uint8Array<ArrayBuffer> {
  const lines = [sheet.header, ...sheet.rows].map((cells) => csvLine(cells))
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`)
}

async function toXlsx(sheet: Sheet, title: string): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook()
  const worksheet = workbook.addWorksheet(title)
  worksheet.addRow(sheet.header).font = { bold: true }
  // exceljs writes strings as text cells, never formulas: no quoting needed here.
  for (const row of sheet.rows) worksheet.addRow(row)
  worksheet.views = [{ state: 'frozen', ySplit: 1 }]
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

const CONTENT_TYPES: Record<ResponseExportFormat, string> = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }

/** The file, or undefined when the campaign is not this hospital's. Audited (who took which data out). */
export async function exportCampaignResponses(ctx: AppContext, viewer: { organizationId: string; userId: string; timeZone: string; locale: Locale }, campaignId: string, format: ResponseExportFormat) {
  if (!isUuid(campaignId)) return undefined
  const found = await findCampaign(ctx.db, { organizationId: viewer.organizationId, campaignId })
  if (!found) return undefined
  const sheet = await buildSheet(ctx, viewer, campaignId)
  const body = format === 'csv' ? toCsv(sheet) : await toXlsx(sheet, translator(viewer.locale)('surveys:campaigns.export.sheet'))
  await audit(ctx.db, {
    organizationId: viewer.organizationId,
    actorUserId: viewer.userId,
    action: 'survey_campaign.responses_exported',
    entityType: 'survey_campaign',
    entityId: campaignId,
    after: { name: found.campaign.name, format, rowCount: sheet.rows.length },
  })
  const day = localMinute(ctx.clock.now(), viewer.timeZone).slice(0, 10).replace(/-/g, '')
  return { filename: `survey-responses-${day}.${format}`, contentType: CONTENT_TYPES[format], body }
}
