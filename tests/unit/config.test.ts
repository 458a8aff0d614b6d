import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '#app/lib/env.server.ts'

describe('configuration', () => {
  it('runs on the embedded default with no configuration at all', () => {
    const config = parseConfig({})
    expect(config.database).toEqual({ kind: 'embedded', port: 54329 })
    expect(config.queue.kind).toBe('postgres')
    expect(config.mail.kind).toBe('outbox')
    expect(config.sms).toEqual({ kind: 'outbox' })
  })

  it('switches each part to the real service when its variable is set', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'secret',
      TWILIO_FROM: '+8613800000000',
    })
    expect(config.database.kind).toBe('external')
    expect(config.queue.kind).toBe('redis')
    expect(config.mail.kind).toBe('smtp')
    expect(config.sms.kind).toBe('twilio')
  })

  it('stops start-up naming the variable when a value is wrong', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/)
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => parseConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/)
    expect(() => parseConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/)
  })

  it('names every missing Twilio variable when only some are set', () => {
    try {
      parseConfig({ TWILIO_ACCOUNT_SID: `AC${'b'.repeat(32)}` })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError)
      const message = (e as ConfigError).message
      expect(message).toContain('TWILIO_AUTH_TOKEN')
      expect(message).toContain('TWILIO_FROM')
    }
  })
})
