import { describe, expect, it } from 'vitest'
import {
  bulkAssignSchema,
  caseListSearch,
  caseSearch,
  decodeBulkOutcome,
  encodeBulkOutcome,
  escapeLike,
  filtersForAudit,
  firstLine,
  hasActiveFilters,
  parseCaseListFilters,
} from '#app/domain/case-list-filters.ts'

const DEPT = '0b6e4f00-0000-4000-8000-000000000001'
const query = (s: string) => parseCaseListFilters(new URLSearchParams(s))

describe('case list filters', () => {
  it('defaults to every case, sorted by deadline, first page', () => {
    const { filters, invalid } = query('')
    expect(filters).toEqual({ status: [], sort: 'deadline', page: 1 })
    expect(invalid).toEqual([])
    expect(hasActiveFilters(filters)).toBe(false)
  })

  it('reads every filter a plain GET form sends, treating empty selects as "any"', () => {
    const { filters, invalid } = query(
      `status=received&status=on_hold&department=${DEPT}&owner=me&category=costs&channel=qr&urgent=yes&overdue=yes&dueSoon=yes&q=++护士+态度++&sort=newest&page=3&unknown=x`,
    )
    expect(invalid).toEqual([])
    expect(filters).toEqual({
      status: ['received', 'on_hold'],
      department: DEPT,
      owner: 'me',
      category: 'costs',
      channel: 'qr',
      urgent: 'yes',
      overdue: 'yes',
      dueSoon: 'yes',
      q: '护士 态度',
      sort: 'newest',
      page: 3,
    })
    expect(query('department=&owner=&category=&channel=&q=+&sort=').filters).toEqual({ status: [], sort: 'deadline', page: 1 })
  })

  it('ignores each invalid value on its own and says which filter it was', () => {
    const { filters, invalid } = query('status=received&status=bogus&department=42&owner=someone&category=weather&channel=fax&urgent=1&sort=oldest&page=-2')
    expect(filters).toEqual({ status: ['received'], sort: 'deadline', page: 1 })
    expect(invalid.map((i) => i.field)).toEqual(['status', 'department', 'owner', 'category', 'channel', 'urgent', 'sort', 'page'])
    expect(invalid[0]).toEqual({ field: 'status', value: 'bogus' })
  })

  it('refuses a search longer than 100 characters', () => {
    const { filters, invalid } = query(`q=${'长'.repeat(101)}`)
    expect(filters.q).toBeUndefined()
    expect(invalid).toEqual([{ field: 'q', value: '长'.repeat(100) }])
  })

  it('writes the filters back as a query string without defaults, for links and the export', () => {
    const { filters } = query(`status=closed&q=a b&overdue=yes&page=2`)
    expect(caseListSearch(filters)).toBe('status=closed&overdue=yes&q=a+b&page=2')
    expect(caseListSearch(filters, { page: 1 })).toBe('status=closed&overdue=yes&q=a+b')
    expect(query(caseListSearch(filters)).filters).toEqual(filters)
    expect(filtersForAudit(filters)).toEqual({ status: ['closed'], overdue: 'yes', q: 'a b', sort: 'deadline' })
  })
})

describe('case search', () => {
  it('splits words, and treats exactly four digits as a phone suffix too', () => {
    expect(caseSearch('  护士  态度 护士 ')).toEqual({ numberPrefix: '护士  态度 护士', words: ['护士', '态度'], phoneLast4: null })
    expect(caseSearch('1234')).toEqual({ numberPrefix: '1234', words: ['1234'], phoneLast4: '1234' })
    expect(caseSearch('12345')?.phoneLast4).toBeNull()
    expect(caseSearch('   ')).toBeNull()
  })

  it('escapes LIKE wildcards so 100% and a_b match literally', () => {
    expect(escapeLike('100%')).toBe('100\\%')
    expect(escapeLike('a_b')).toBe('a\\_b')
    expect(escapeLike('c:\\d')).toBe('c:\\\\d')
  })

  it('shows the first line of a complaint, shortened', () => {
    expect(firstLine('第一行\n第二行')).toBe('第一行')
    expect(firstLine('长'.repeat(80), 10)).toBe(`${'长'.repeat(9)}…`)
  })
})

describe('bulk assignment', () => {
  it('needs at least one case and an assignee', () => {
    const r = bulkAssignSchema.safeParse({ caseIds: [], assignTo: '', note: '' })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => i.message).sort()).toEqual(['caseList:bulk.errors.assigneeRequired', 'caseList:bulk.errors.noneSelected'])
    expect(bulkAssignSchema.parse({ caseIds: [DEPT], assignTo: 'queue', note: ' ' })).toEqual({ caseIds: [DEPT], assignTo: 'queue', note: null })
  })

  it('carries the outcome through the redirect and drops anything malformed', () => {
    const p = encodeBulkOutcome([
      { number: 'HY-202603-00001', ok: true },
      { number: 'HY-202603-00002', ok: false, reason: 'alreadyOwner' },
    ])
    expect(p.toString()).toBe('assigned=HY-202603-00001&refused=HY-202603-00002%3AalreadyOwner')
    expect(decodeBulkOutcome(p)).toEqual([
      { number: 'HY-202603-00001', ok: true },
      { number: 'HY-202603-00002', ok: false, reason: 'alreadyOwner' },
    ])
    expect(decodeBulkOutcome(new URLSearchParams('refused=<script>:x,HY-1:a.b'))).toEqual([])
    expect(decodeBulkOutcome(new URLSearchParams('q=x'))).toBeNull()
  })
})
