import { addMonths, localMonthStart, scoreOf } from '#app/domain/board-figures.ts'
import { boardSettingsOf, type BoardSettingsOverrides } from '#app/domain/board-settings.ts'
import type { Locale } from '#app/domain/locales.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { findPublicBoardHospital, listDepartmentMonthFigures, type DepartmentMonthFigures } from '#db/queries/public-board.ts'

/** Staff satisfaction is boarded for leadership, not published with the patients' figures. */
const NOT_PUBLISHED_AUDIENCES = ['staff'] as const

export interface PublicBoardRow {
  departmentId: string
  /** In the reader's language (the Chinese name when there is no English one). */
  name: string
  responses: number
  /** 0–100, one decimal; null when fewer than the hospital's minimum responses ("too few responses"). */
  score: number | null
}

export interface PublicBoard {
  hospital: { name: string; nameEn: string | null }
  /** YYYY-MM-01: the last full month in the hospital's time zone. */
  month: string
  minResponses: number
  rows: PublicBoardRow[]
}

/** The month before the one `now` falls in, in the hospital's time zone (YYYY-MM-01). */
export function lastFullMonth(now: Date, timeZone: string): string {
  return addMonths(localMonthStart(now, timeZone), -1)
}

/** The patients' share of a department's month: every audience but staff. */
function patientFigures(d: DepartmentMonthFigures) {
  let { responses, ratingSum, ratingCount } = d
  for (const key of NOT_PUBLISHED_AUDIENCES) {
    const a = d.audiences[key]
    if (!a) continue
    responses -= a.responses
    ratingSum -= a.sum
    ratingCount -= a.count
  }
  return { responses, ratingSum, ratingCount }
}

/**
 * The hospital's public board (DESIGN §5): satisfaction by department for the last full month,
 * read from the month rollups only. Null — the same "not found" as an unknown hospital — when
 * there is no such hospital or it has not published its board. Totals only: no names of
 * people, no free text, no case numbers.
 */
export async function loadPublicBoard(ctx: AppContext, slug: string, locale: Locale): Promise<PublicBoard | null> {
  if (!/^[a-z0-9-]{1,64}$/i.test(slug)) return null
  const hospital = await findPublicBoardHospital(ctx.db, { slug })
  if (!hospital) return null
  const settings = boardSettingsOf(hospital.boardSettings as BoardSettingsOverrides)
  if (!settings.publicBoard) return null

  const month = lastFullMonth(ctx.clock.now(), hospital.timeZone)
  const figures = await listDepartmentMonthFigures(ctx.db, { organizationId: hospital.id, month })
  const rows = figures
    .map((d) => ({ d, f: patientFigures(d) }))
    .filter(({ f }) => f.responses > 0)
    .sort((a, b) => a.d.sortOrder - b.d.sortOrder || a.d.name.localeCompare(b.d.name, 'zh-CN'))
    .map(({ d, f }): PublicBoardRow => {
      const score = f.responses >= settings.minResponses ? scoreOf({ sum: f.ratingSum, count: f.ratingCount }) : null
      return {
        departmentId: d.departmentId,
        name: locale === 'en' && d.nameEn ? d.nameEn : d.name,
        responses: f.responses,
        score: score === null ? null : Math.round(score * 10) / 10,
      }
    })
  return { hospital: { name: hospital.name, nameEn: hospital.nameEn }, month, minResponses: settings.minResponses, rows }
}
