import { useTranslation } from 'react-i18next'
import type { RowError } from '#app/domain/patient-event-rows.ts'

/** Every problem of a file, one line each: the row in the file, the item, and what is wrong. */
export function RowErrorsTable({ errors }: { errors: RowError[] }) {
  const { t } = useTranslation('surveys')
  return (
    <div className="table-wrap">
      <table data-row-errors={errors.length}>
        <thead>
          <tr>
            <th scope="col">{t('events.preview.row')}</th>
            <th scope="col">{t('events.preview.field')}</th>
            <th scope="col">{t('events.preview.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e) => (
            <tr key={`${e.row}-${e.field}-${e.code}`} data-error-row={e.row} data-error-code={e.code}>
              <td>{e.row}</td>
              <td>{t(`events.fields.${e.field}`)}</td>
              <td>{t(`events.errors.${e.code}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
