import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedEmail {
  envelope: { from: string; to: string[] }
  mail: ParsedMail
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string
  received: ReceivedEmail[]
  /** Emails whose envelope named this recipient. */
  receivedFor(address: string): ReceivedEmail[]
  /** How often a client asked to deliver to this recipient (RCPT TO), accepted or not. */
  recipientAttempts(address: string): number
  /** Answers RCPT TO for this recipient with an error reply, `times` times (every time by default). */
  rejectRecipient(address: string, reply: { code: number; message: string }, times?: number): void
  close(): Promise<void>
}

/** A real SMTP server on a free local port that keeps what it receives, parsed. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedEmail[] = []
  const attempts = new Map<string, number>()
  const rejections = new Map<string, { code: number; message: string; remaining: number }>()
  const key = (address: string) => address.toLowerCase()

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 2_000,
    onRcptTo(address, _session, callback) {
      const recipient = key(address.address)
      attempts.set(recipient, (attempts.get(recipient) ?? 0) + 1)
      const rejection = rejections.get(recipient)
      if (rejection && rejection.remaining > 0) {
        rejection.remaining -= 1
        return callback(Object.assign(new Error(rejection.message), { responseCode: rejection.code }))
      }
      callback()
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => key(r.address)),
            },
            mail,
          })
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.server.address() as { port: number }

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    receivedFor: (address) => received.filter((r) => r.envelope.to.includes(key(address))),
    recipientAttempts: (address) => attempts.get(key(address)) ?? 0,
    rejectRecipient(address, reply, times = Number.POSITIVE_INFINITY) {
      rejections.set(key(address), { ...reply, remaining: times })
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
