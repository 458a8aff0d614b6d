/**
 * A small RFC 4180 reader (no dependency): quoted fields, "" inside quotes, commas and line
 * breaks inside quotes, CRLF or LF endings, a leading BOM. Blank lines are dropped.
 */
export function parseCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  const endRow = () => {
    row.push(field)
    field = ''
    if (row.length > 1 || row[0] !== '') rows.push(row)
    row = []
  }
  while (i < input.length) {
    const c = input[i]!
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
      } else field += c
      i++
      continue
    }
    if (c === '"' && field === '') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\r' && input[i + 1] === '\n') {
      endRow()
      i++
    } else if (c === '\n' || c === '\r') endRow()
    else field += c
    i++
  }
  if (field !== '' || row.length) endRow()
  return rows
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise GB18030 (Excel in Chinese Windows). */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** RFC 4180 quoting, and a leading quote on anything a spreadsheet would run as a formula. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export const csvLine = (cells: readonly (string | number)[]) => cells.map(csvCell).join(',')
