import { useTranslation } from 'react-i18next'
import type { Locale } from '#app/domain/locales.ts'
import { maskName } from '#app/domain/mask-name.ts'
import { maskEmail, maskPhone } from '#app/domain/phone.ts'
import { formatDateTime } from '#app/lib/format.ts'

type Named = { name: string; nameEn: string | null } | null
export interface PreviewRow {
  row: number
  type: 'discharge' | 'visit'
  externalId: string | null
  patientName: string | null
  phone: string | null
  email: string | null
  department: Named
  touchpoint: Named
  occurredAt: Date | string
  locale: Locale
}

/** The first rows as they will be stored; contact details masked like everywhere else. */
export function PreviewTable({ rows, locale, timeZone }: { rows: PreviewRow[]; locale: Locale; timeZone: string }) {
  const { t } = useTranslation('surveys')
  const name = (n: Named) => (n ? (locale === 'en' ? (n.nameEn ?? n.name) : n.name) : '')
  return (
    <div className="table-wrap">
      <table data-preview-rows={rows.length}>
        <thead>
          <tr>
            <th scope="col">{t('events.preview.row')}</th>
            <th scope="col">{t('events.fields.type')}</th>
            <th scope="col">{t('events.fields.externalId')}</th>
            <th scope="col">{t('events.fields.patientName')}</th>
            <th scope="col">{t('events.fields.phone')}</th>
            <th scope="col">{t('events.fields.department')}</th>
            <th scope="col">{t('events.fields.touchpoint')}</th>
            <th scope="col">{t('events.fields.occurredAt')}</th>
            <th scope="col">{t('events.fields.language')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.row} data-preview-row={r.row}>
              <td>{r.row}</td>
              <td>{t(`events.types.${r.type}`)}</td>
              <td>{r.externalId ?? ''}</td>
              <td>{r.patientName ? maskName(r.patientName) : ''}</td>
              <td>{r.phone ? maskPhone(r.phone) : r.email ? maskEmail(r.email) : ''}</td>
              <td>{name(r.department)}</td>
              <td>{name(r.touchpoint)}</td>
              <td data-occurred-at={new Date(r.occurredAt).toISOString()}>{formatDateTime(r.occurredAt, locale, timeZone)}</td>
              <td>{r.locale}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
