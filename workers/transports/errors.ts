import { UnrecoverableError } from 'bullmq'

/**
 * The provider refused the message for good (unknown mailbox, invalid phone number): trying
 * again cannot help, so BullMQ stops retrying and the message is marked failed at once.
 */
export class PermanentDeliveryError extends UnrecoverableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message)
    if (options && 'cause' in options) this.cause = options.cause
  }
}
