import type { Messages } from '../types.ts'
import type zh from '../zh-CN/notifications.ts'

export default {
  title: 'Notifications',
} satisfies Messages<typeof zh>
