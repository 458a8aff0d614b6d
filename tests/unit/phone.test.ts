import { describe, expect, it } from 'vitest'
import { maskEmail, maskPhone, normalizeE164, normalizeMainlandMobile } from '#app/domain/phone.ts'

describe('mainland mobile numbers', () => {
  it('accepts the ways patients write a mobile number and stores E.164', () => {
    for (const written of ['13812345678', '138 1234 5678', '138-1234-5678', '+86 138 1234 5678', '008613812345678', '8613812345678']) {
      expect(normalizeMainlandMobile(written), written).toBe('+8613812345678')
    }
  })

  it('rejects landlines, short numbers and numbers that are not mainland mobiles', () => {
    for (const bad of ['12812345678', '1381234567', '138123456789', '010-12345678', '+85291234567', 'abc', '']) {
      expect(normalizeMainlandMobile(bad), bad).toBeNull()
    }
  })

  it('reads any E.164 number Twilio sends', () => {
    expect(normalizeE164('+8613812345678')).toBe('+8613812345678')
    expect(normalizeE164('+1 415 555 0100')).toBe('+14155550100')
    expect(normalizeE164('13812345678')).toBeNull()
  })

  it('masks numbers and emails as 138****5678', () => {
    expect(maskPhone('+8613812345678')).toBe('138****5678')
    expect(maskEmail('zhang.san@example.cn')).toBe('z***@example.cn')
  })
})
