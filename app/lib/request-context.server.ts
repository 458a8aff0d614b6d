import { createContext, type RouterContextProvider } from 'react-router'
import type { Locale } from '#app/domain/locales.ts'
import type { User } from '#db/queries/users.ts'

/** Per-request facts worked out once by the root middleware. */
export interface RequestInfo {
  clientIp: string
  csrfToken: string
  locale: Locale
  user: (User & { sessionId: string }) | null
}

const KEY = Symbol.for('huiyin.requestInfo')
const g = globalThis as unknown as Record<symbol, ReturnType<typeof createContext<RequestInfo>>>
export const requestInfoKey = (g[KEY] ??= createContext<RequestInfo>())

const IP_KEY = Symbol.for('huiyin.clientIp')
const gi = globalThis as unknown as Record<symbol, ReturnType<typeof createContext<string>>>
/** Set by the HTTP server from the socket/proxy headers (Express `req.ip`). */
export const clientIpKey = (gi[IP_KEY] ??= createContext<string>('unknown'))

export function getRequestInfo(context: Readonly<RouterContextProvider>): RequestInfo {
  return context.get(requestInfoKey)
}
