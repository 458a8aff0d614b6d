import type { Messages } from '../types.ts'
import type zh from '../zh-CN/calendar.ts'

export default {
  title: 'Working calendar',
} satisfies Messages<typeof zh>
