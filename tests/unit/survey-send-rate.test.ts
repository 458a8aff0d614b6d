import { describe, expect, it } from 'vitest'
import { MAX_SEND_BATCH, sendBatchPlan } from '#app/domain/survey-send-rate.ts'

/** The limiter lets `max` jobs through per `duration` ms: messages per second = max × batchSize / (duration / 1000). */
const messagesPerSecond = (plan: ReturnType<typeof sendBatchPlan>) => (plan.limiter.max * plan.batchSize) / (plan.limiter.duration / 1000)

describe('per-channel rate limits as BullMQ batches', () => {
  it.each([1, 3, 10, 20, 50, 199, 1000, 100_000])('keeps %i messages per second exactly', (rate) => {
    expect(messagesPerSecond(sendBatchPlan(rate))).toBeCloseTo(rate, 6)
  })

  it('sends slow rates in small batches (smooth) and fast ones in batches of at most MAX_SEND_BATCH', () => {
    expect(sendBatchPlan(1).batchSize).toBe(1)
    expect(sendBatchPlan(20).batchSize).toBe(5)
    expect(sendBatchPlan(100_000).batchSize).toBe(MAX_SEND_BATCH)
  })

  it('refuses a rate below one per second', () => {
    expect(() => sendBatchPlan(0)).toThrow(RangeError)
    expect(() => sendBatchPlan(Number.NaN)).toThrow(RangeError)
  })
})
