import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../ui/language-switch.tsx'

export interface HospitalName {
  name: string
  nameEn: string | null
}

/** The hospital's name in the reader's language. */
export function useHospitalName() {
  const { i18n } = useTranslation()
  return (h: HospitalName) => (i18n.language === 'en' && h.nameEn ? h.nameEn : h.name)
}

/** Patient pages: the hospital's name (not our product) and the language switch, then the page. */
export function PatientShell({ hospital, children }: { hospital: HospitalName | null; children: ReactNode }) {
  const { t } = useTranslation(['patient', 'common'])
  const hospitalName = useHospitalName()
  return (
    <div className="patient">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{hospital ? hospitalName(hospital) : t('common:appName')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="patient-main">
        {children}
      </main>
    </div>
  )
}

/** "Not available" / "not found": a friendly page in the patient's language (served with 404). */
export function UnavailablePage({ hospital, title, body }: { hospital: HospitalName | null; title: string; body: string }) {
  return (
    <PatientShell hospital={hospital}>
      <section className="card">
        <h1>{title}</h1>
        <p>{body}</p>
      </section>
    </PatientShell>
  )
}
