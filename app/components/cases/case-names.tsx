import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Locale } from '#app/domain/locales.ts'

/** Departments and people the case page names, by id. */
export interface CaseNames {
  departments: { id: string; name: string; nameEn: string | null; active: boolean }[]
  users: Record<string, string>
}

/** A holder of a case: a department, a user, or a user within a department. */
export interface PartyRef {
  departmentId: string | null
  userId: string | null
}

const NamesContext = createContext<{ names: CaseNames; timeZone: string } | null>(null)

export function CaseNamesProvider({ names, timeZone, children }: { names: CaseNames; timeZone: string; children: ReactNode }) {
  const value = useMemo(() => ({ names, timeZone }), [names, timeZone])
  return <NamesContext.Provider value={value}>{children}</NamesContext.Provider>
}

/** Names in the reader's language, and the hospital's time zone for dates. */
export function useCaseNames() {
  const context = useContext(NamesContext)
  if (!context) throw new Error('useCaseNames outside CaseNamesProvider')
  const { t, i18n } = useTranslation('casePage')
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN'
  const byId = new Map(context.names.departments.map((d) => [d.id, d]))
  const department = (id: string | null | undefined) => {
    const d = id ? byId.get(id) : undefined
    if (!d) return t('party.unknownDepartment')
    return locale === 'en' && d.nameEn ? d.nameEn : d.name
  }
  const user = (id: string | null | undefined) => (id && context.names.users[id]) || t('party.unknownUser')
  /** The one accountable holder in words: the user (with their department), or the department. */
  const party = (p: PartyRef | null | undefined) => {
    if (!p || (!p.userId && !p.departmentId)) return t('party.nobody')
    if (p.userId && p.departmentId) return t('party.userInDepartment', { user: user(p.userId), department: department(p.departmentId) })
    return p.userId ? user(p.userId) : department(p.departmentId)
  }
  return { department, user, party, locale, timeZone: context.timeZone }
}
