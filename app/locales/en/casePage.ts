import type { Messages } from '../types.ts'
import type zh from '../zh-CN/casePage.ts'

export default {
  title: 'Case',
} satisfies Messages<typeof zh>
