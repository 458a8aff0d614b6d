import { useTranslation } from 'react-i18next'
import type { Route } from './+types/audit'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'

export async function loader(args: Route.LoaderArgs) {
  await requireHospitalAccess(args, 'audit.view')
  return null
}

export default function Page() {
  const { t } = useTranslation('audit')
  return <h1>{t('title')}</h1>
}
