import { describe, expect, it } from 'vitest'
import { CASE_NUMBER_PATTERN, caseNumberMonth, formatCaseNumber } from '#app/domain/case-number.ts'

describe('case numbers', () => {
  it('reads like HY-202611-00042', () => {
    expect(formatCaseNumber('202611', 42)).toBe('HY-202611-00042')
    expect(formatCaseNumber('202611', 123456)).toBe('HY-202611-123456')
    expect(CASE_NUMBER_PATTERN.test('HY-202611-00042')).toBe(true)
  })

  it('counts the month in the hospital time zone, not UTC', () => {
    // 2026-11-30 17:00 UTC is already 1 December in Shanghai.
    expect(caseNumberMonth(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai')).toBe('202612')
    expect(caseNumberMonth(new Date('2026-11-30T17:00:00Z'), 'UTC')).toBe('202611')
  })
})
