import { useTranslation } from 'react-i18next'
import type { Route } from './+types/outbox'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'

export async function loader(args: Route.LoaderArgs) {
  await requireHospitalAccess(args, 'outbox.view')
  return null
}

export default function Page() {
  const { t } = useTranslation('outbox')
  return <h1>{t('title')}</h1>
}
