export interface OutgoingEmail {
  id: string
  to: string
  subject: string
  text: string
  html: string | null
  /** Extra headers, e.g. List-Unsubscribe on survey invitations. */
  headers?: Record<string, string>
}
export interface OutgoingSms {
  id: string
  to: string
  body: string
}
export interface SendResult {
  transport: 'smtp' | 'twilio' | 'outbox'
  providerMessageId: string | null
}
export interface EmailTransport {
  readonly kind: 'smtp' | 'outbox'
  send(message: OutgoingEmail): Promise<SendResult>
  close(): Promise<void>
}
export interface SmsTransport {
  readonly kind: 'twilio' | 'outbox'
  send(message: OutgoingSms): Promise<SendResult>
  close(): Promise<void>
}
