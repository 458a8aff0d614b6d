import type { Messages } from '../types.ts'
import type zh from '../zh-CN/staffIntake.ts'

export default {
  title: 'Record feedback',
} satisfies Messages<typeof zh>
