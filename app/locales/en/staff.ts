import type { Messages } from '../types.ts'
import type zh from '../zh-CN/staff.ts'

export default {
  title: 'TODO',
} satisfies Messages<typeof zh>
