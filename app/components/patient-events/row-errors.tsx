/** One problem of an uploaded list: the row in the file, the item, and what is wrong. */
export interface RowProblem {
  row: number
  field: string
  code: string
}

/**
 * Every problem of a file, one line each. The labels come from the page, so the event import
 * and a campaign's manual list share one table.
 */
export function RowErrorsTable<E extends RowProblem>({
  errors,
  headings,
  fieldLabel,
  problemLabel,
}: {
  errors: readonly E[]
  headings: { row: string; field: string; problem: string }
  fieldLabel: (error: E) => string
  problemLabel: (error: E) => string
}) {
  return (
    <div className="table-wrap">
      <table data-row-errors={errors.length}>
        <thead>
          <tr>
            <th scope="col">{headings.row}</th>
            <th scope="col">{headings.field}</th>
            <th scope="col">{headings.problem}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e) => (
            <tr key={`${e.row}-${e.field}-${e.code}`} data-error-row={e.row} data-error-code={e.code}>
              <td>{e.row}</td>
              <td>{fieldLabel(e)}</td>
              <td>{problemLabel(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
