import { useTranslation } from 'react-i18next'
import type { Route } from './+types/settings'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'

export async function loader(args: Route.LoaderArgs) {
  await requireHospitalAccess(args, 'settings.view')
  return null
}

export default function Page() {
  const { t } = useTranslation('settings')
  return <h1>{t('title')}</h1>
}
