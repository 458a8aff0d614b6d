import 'i18next'
import type { resources } from './locales/index.ts'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common'
    resources: (typeof resources)['zh-CN']
  }
}
