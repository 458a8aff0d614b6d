import { useRouteLoaderData } from 'react-router'
import type { RootLoaderData } from '#app/root.tsx'

/** Every form that posts carries this hidden token (checked by the root middleware). */
export function CsrfInput() {
  const data = useRouteLoaderData('root') as RootLoaderData | undefined
  return <input type="hidden" name="csrf" value={data?.csrfToken ?? ''} />
}
