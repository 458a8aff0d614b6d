/**
 * How the hospital's answer (or the reason for not accepting a case) reaches the patient:
 * sent by SMS or email through the outbox, or given in a phone call and logged.
 */
export const ANSWER_CHANNELS = ['sms', 'email', 'phone'] as const
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number]
