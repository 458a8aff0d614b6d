import { useTranslation } from 'react-i18next'
import type { Route } from './+types/touchpoints'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'

export async function loader(args: Route.LoaderArgs) {
  await requireHospitalAccess(args, 'touchpoints.view')
  return null
}

export default function Page() {
  const { t } = useTranslation('touchpoints')
  return <h1>{t('title')}</h1>
}
