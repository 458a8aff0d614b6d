import { describe, expect, it } from 'vitest'
import { feedbackFormSchema, quickRatingSchema, staffIntakeSchema } from '#app/domain/intake-form.ts'

const base = { kind: 'complaint', text: '候诊时间太长', website: '' }

describe('patient form rules', () => {
  it('normalises the phone and lower-cases the email', () => {
    const parsed = feedbackFormSchema.parse({ ...base, contactPhone: '138 1234 5678', contactEmail: 'Li@Example.CN', consentToContact: 'on' })
    expect(parsed).toMatchObject({ contactPhone: '+8613812345678', contactEmail: 'li@example.cn', consentToContact: true, category: null })
  })

  it('refuses a landline as the mobile number with a translatable message', () => {
    const result = feedbackFormSchema.safeParse({ ...base, contactPhone: '010-88886666' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]).toMatchObject({ path: ['contactPhone'], message: 'intake:errors.phoneInvalid' })
  })

  it('needs a phone or an email to be called back', () => {
    const result = feedbackFormSchema.safeParse({ ...base, consentToContact: 'on' })
    expect(result.error?.issues[0]).toMatchObject({ path: ['contactPhone'], message: 'intake:errors.contactNeeded' })
    expect(feedbackFormSchema.safeParse({ ...base, consentToContact: 'on', contactEmail: 'a@b.cn' }).success).toBe(true)
  })

  it('caps the text at 2,000 characters and refuses an empty one', () => {
    expect(feedbackFormSchema.safeParse({ ...base, text: '字'.repeat(2000) }).success).toBe(true)
    expect(feedbackFormSchema.safeParse({ ...base, text: '字'.repeat(2001) }).success).toBe(false)
    expect(feedbackFormSchema.safeParse({ ...base, text: '   ' }).error?.issues[0]?.message).toBe('intake:errors.textRequired')
  })

  it('rejects a filled honeypot', () => {
    expect(feedbackFormSchema.safeParse({ ...base, website: 'http://spam.example' }).error?.issues[0]?.message).toBe('intake:errors.rejected')
  })

  it('takes quick ratings 1 to 5 only', () => {
    expect(quickRatingSchema.parse({ rating: '5' }).rating).toBe(5)
    for (const bad of ['0', '6', 'x', '']) expect(quickRatingSchema.safeParse({ rating: bad }).success, bad).toBe(false)
  })

  it('accepts the six staff channels and nothing public', () => {
    for (const channel of ['phone', 'walk_in', 'mailbox', 'letter', 'hotline', 'email']) expect(staffIntakeSchema.safeParse({ ...base, channel }).success, channel).toBe(true)
    for (const channel of ['qr', 'web', 'sms']) expect(staffIntakeSchema.safeParse({ ...base, channel }).success, channel).toBe(false)
  })
})
