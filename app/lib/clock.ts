/** The one source of "now", injected so tests control time. */
export interface Clock {
  now(): Date
}
export const systemClock: Clock = { now: () => new Date() }
