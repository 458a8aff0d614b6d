import type { Messages } from '../types.ts'
import type zh from '../zh-CN/caseList.ts'

export default {
  title: 'Cases',
} satisfies Messages<typeof zh>
