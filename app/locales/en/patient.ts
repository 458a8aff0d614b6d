import type { Messages } from '../types.ts'
import type zh from '../zh-CN/patient.ts'

export default {
  title: 'Feedback',
} satisfies Messages<typeof zh>
