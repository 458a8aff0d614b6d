import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { LanguageSwitch } from './ui/language-switch.tsx'

/** Header for pages outside a hospital (landing, sign-in, invitations). */
export function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          {t('appName')}
        </Link>
        <LanguageSwitch />
      </header>
      {children}
    </>
  )
}
