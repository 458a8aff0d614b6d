import type { Messages } from '../types.ts'
import type zh from '../zh-CN/survey-unsubscribe.ts'

export default {
  title: 'Unsubscribe from survey emails',
  intro: '{{hospital}} will no longer send satisfaction survey emails to {{email}}.',
  confirm: 'Unsubscribe',
  doneTitle: 'You are unsubscribed',
  doneBody: '{{hospital}} will not send survey emails to {{email}} again. If this was a mistake, please contact the hospital’s patient service office.',
  noEmailTitle: 'This link has no email address',
  noEmailBody: 'This survey was sent by text message. To stop text messages, reply TD.',
  unknownTitle: 'This link does not work',
  unknownBody: 'Please check that the whole link was copied.',
} satisfies Messages<typeof zh>
