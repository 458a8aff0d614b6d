import { useTranslation } from 'react-i18next'
import type { Route } from './+types/home'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { useHospital } from './layout.tsx'

export async function loader(args: Route.LoaderArgs) {
  await requireHospitalAccess(args, 'home.view')
  return null
}

export default function HospitalHome() {
  const { t, i18n } = useTranslation()
  const { hospital, me } = useHospital()
  const hospitalName = i18n.language === 'en' && hospital.nameEn ? hospital.nameEn : hospital.name
  return (
    <section>
      <h1>{t('home.title', { name: me.name })}</h1>
      <p>{t('home.intro', { hospital: hospitalName, role: t(`roles.${me.role}`) })}</p>
      <p className="tagline">{t('appTagline')}</p>
    </section>
  )
}
