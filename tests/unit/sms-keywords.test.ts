import { describe, expect, it } from 'vitest'
import { smsKeyword } from '#app/domain/sms-keywords.ts'

describe('SMS keywords', () => {
  it('opts out on TD, 退订, STOP and UNSUBSCRIBE in any case, with spaces or a full stop', () => {
    for (const body of ['TD', 'td', ' 退订 ', 'STOP', 'Stop.', 'unsubscribe', '退订。']) expect(smsKeyword(body), body).toBe('opt_out')
  })

  it('opts back in on START', () => {
    expect(smsKeyword('START')).toBe('opt_in')
    expect(smsKeyword('start')).toBe('opt_in')
  })

  it('treats a message that merely contains the word as feedback', () => {
    for (const body of ['请不要STOP我的药', '我想退订但先投诉', 'TD 护士态度不好', '']) expect(smsKeyword(body), body).toBeNull()
  })
})
