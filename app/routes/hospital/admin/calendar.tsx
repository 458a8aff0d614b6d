import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/calendar'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, TextField } from '#app/components/forms/field.tsx'
import { can } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { translator } from '#app/lib/i18n.ts'
import {
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  calendarDayInputSchema,
  calendarResetSchema,
  calendarYear,
  currentCalendarYear,
  parseCalendarYear,
  resetCalendarDay,
  setCalendarDay,
  type CalendarYearDay,
} from '#app/services/calendar.server.ts'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership } = await requireHospitalAccess(args, 'calendar.view')
  const params = new URL(args.request.url).searchParams
  const { year, invalid } = parseCalendarYear(params.get('year'), currentCalendarYear(ctx, organization.timeZone))
  const calendar = await calendarYear(ctx, organization.id, year)
  const edit = calendarResetSchema.safeParse({ date: params.get('date') ?? '' })
  return {
    ...calendar,
    minYear: CALENDAR_MIN_YEAR,
    maxYear: CALENDAR_MAX_YEAR,
    invalidYear: invalid,
    editDate: edit.success ? edit.data.date : null,
    canManage: can(membership.role, 'calendar.manage'),
  }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'calendar.manage')
  const t = translator(locale)
  const form = Object.fromEntries(await args.request.formData())
  const actor = { organizationId: organization.id, actorUserId: user.id }
  const page = (date: string, notice: Record<string, string>) => `/app/${organization.slug}/admin/calendar?${new URLSearchParams({ year: date.slice(0, 4), ...notice })}`

  if (form.intent === 'reset') {
    const parsed = calendarResetSchema.safeParse(form)
    if (!parsed.success) return data({ intent: 'reset' as const, errors: {} as Record<string, string>, values: form, formError: toFieldErrors(parsed.error, locale).date }, { status: 400 })
    const result = await resetCalendarDay(ctx, actor, parsed.data.date)
    if (!result.ok) return data({ intent: 'reset' as const, errors: {}, values: form, formError: t('calendar:errors.notFound', { date: parsed.data.date }) }, { status: 400 })
    return redirect(page(parsed.data.date, { restored: parsed.data.date, moved: String(result.movedDeadlines) }))
  }

  const parsed = calendarDayInputSchema.safeParse(form)
  if (!parsed.success) return data({ intent: 'set' as const, errors: toFieldErrors(parsed.error, locale), values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  const result = await setCalendarDay(ctx, actor, parsed.data)
  if (!result.ok) throw new Error('setting a calendar day cannot miss')
  const { date } = parsed.data
  return redirect(page(date, result.changed ? { saved: date, moved: String(result.movedDeadlines) } : { unchanged: date }))
}

/** The day's arrangement in words: a day off, a make-up working day (a working weekend) or a working day. */
function useDayKind() {
  const { t } = useTranslation('calendar')
  return (working: boolean, weekday: number) => (!working ? t('kind.holiday') : weekday === 0 || weekday === 6 ? t('kind.makeUp') : t('kind.working'))
}

export default function WorkingCalendar() {
  const { year, minYear, maxYear, coveredByBuiltInCalendar, days, invalidYear, editDate, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation(['calendar', 'common'])
  const dayKind = useDayKind()
  const inEnglish = i18n.language === 'en'
  const weekdayName = (date: string) => new Intl.DateTimeFormat(i18n.language, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`))
  const holidayName = (day: CalendarYearDay) => (day.official.holiday ? (inEnglish ? day.official.holiday.en : day.official.holiday.zh) : null)
  const setData = actionData?.intent === 'set' ? actionData : undefined
  const resetData = actionData?.intent === 'reset' ? actionData : undefined
  const editing = editDate ? days.find((d) => d.date === editDate) : undefined
  const values = (setData?.values as Record<string, string> | undefined) ?? {
    date: editDate ?? '',
    working: editing ? (editing.working ? 'working' : 'rest') : '',
    note: editing?.note ?? '',
  }
  const notices = (['saved', 'restored', 'unchanged'] as const).filter((k) => params.get(k))
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {notices.map((k) => (
        <p key={k} className="notice" role="status">
          {t(k, { date: params.get(k) ?? '', cases: params.get('moved') ?? '0' })}
        </p>
      ))}
      <FormError message={resetData?.formError} />

      <Form method="get" className="card" aria-label={t('year.label')}>
        <TextField
          label={t('year.label')}
          name="year"
          type="number"
          inputMode="numeric"
          min={minYear}
          max={maxYear}
          defaultValue={invalidYear ?? String(year)}
          key={invalidYear ?? year}
          error={invalidYear !== null ? t('year.invalid', { value: invalidYear, year }) : undefined}
        />
        <button type="submit" className="secondary">
          {t('year.show')}
        </button>{' '}
        {year > minYear ? <Link to={`?year=${year - 1}`}>← {t('year.previous')}</Link> : null}{' '}
        {year < maxYear ? <Link to={`?year=${year + 1}`}>{t('year.next')} →</Link> : null}
      </Form>

      {coveredByBuiltInCalendar ? null : (
        <p className="warning" role="note" data-not-covered={year}>
          {t('notCovered', { year })}
        </p>
      )}

      {days.length === 0 ? (
        <p>{t('empty', { year })}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="muted">{t('tableCaption', { year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('columns.date')}</th>
                <th scope="col">{t('columns.weekday')}</th>
                <th scope="col">{t('columns.day')}</th>
                <th scope="col">{t('columns.name')}</th>
                <th scope="col">{t('columns.source')}</th>
                {canManage ? <th scope="col">{t('columns.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.date} data-date={day.date} data-source={day.source} data-working={String(day.working)}>
                  <td style={{ whiteSpace: 'nowrap' }}>{day.date}</td>
                  <td>{weekdayName(day.date)}</td>
                  <td>{dayKind(day.working, day.weekday)}</td>
                  <td>
                    {day.source === 'hospital' ? (day.note ?? '') : (holidayName(day) ?? '')}
                    {day.source === 'hospital' ? (
                      <p className="hint">
                        {holidayName(day)
                          ? t('officialNamed', { kind: dayKind(day.official.working, day.weekday), name: holidayName(day) })
                          : t('official', { kind: dayKind(day.official.working, day.weekday) })}
                      </p>
                    ) : null}
                  </td>
                  <td>{t(`source.${day.source}`)}</td>
                  {canManage ? (
                    <td>
                      <Link to={`?${new URLSearchParams({ year: String(year), date: day.date })}#calendar-day-form`} aria-label={t('changeLabel', { date: day.date })}>
                        {t('change')}
                      </Link>
                      {day.source === 'hospital' ? (
                        <Form method="post" style={{ marginTop: '0.4rem' }}>
                          <CsrfInput />
                          <input type="hidden" name="intent" value="reset" />
                          <input type="hidden" name="date" value={day.date} />
                          <button type="submit" className="secondary" aria-label={t('restoreLabel', { date: day.date })}>
                            {t('restore')}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canManage ? (
        <Form method="post" className="card form" id="calendar-day-form" aria-labelledby="calendar-day-title" key={setData ? 'retry' : (editDate ?? 'fresh')}>
          <h2 id="calendar-day-title">{t('form.title')}</h2>
          <p className="hint">{t('form.hint')}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="set" />
          <FormError message={setData?.formError} />
          <TextField label={t('form.date')} name="date" type="date" required min={`${minYear}-01-01`} max={`${maxYear}-12-31`} defaultValue={values.date ?? ''} error={setData?.errors.date} hint={t('form.dateHint')} />
          <WorkingChoice value={values.working} error={setData?.errors.working} />
          <TextField label={t('form.note')} name="note" maxLength={50} defaultValue={values.note ?? ''} error={setData?.errors.note} hint={t('form.noteHint')} />
          <button type="submit" className="primary">
            {t('form.submit')}
          </button>
        </Form>
      ) : (
        <p className="muted">{t('readOnly')}</p>
      )}
    </section>
  )
}

function WorkingChoice({ value, error }: { value: string | undefined; error: string | undefined }) {
  const { t } = useTranslation('calendar')
  const id = useId()
  return (
    <fieldset className={`field checkbox${error ? ' has-error' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('form.kind')}</legend>
      <div>
        {(['rest', 'working'] as const).map((v) => (
          <label key={v}>
            <input type="radio" name="working" value={v} defaultChecked={value === v} required aria-invalid={error ? true : undefined} /> {t(`form.${v}`)}
          </label>
        ))}
      </div>
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}
