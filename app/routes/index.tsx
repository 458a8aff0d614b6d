import { useTranslation } from 'react-i18next'
import { Link, redirect, useLoaderData } from 'react-router'
import type { Route } from './+types/index'
import { PublicShell } from '#app/components/public-shell.tsx'
import { getAppContext } from '#app/lib/app-context.server.ts'
import { getRequestInfo } from '#app/lib/request-context.server.ts'
import { listHospitalsOfUser } from '#app/services/users.server.ts'

/** Signed-in staff land in their hospital; others see what Huiyin is and a sign-in link. */
export async function loader({ context }: Route.LoaderArgs) {
  const { user } = getRequestInfo(context)
  if (!user) return { hospitals: null }
  const hospitals = await listHospitalsOfUser(getAppContext(context), user.id)
  if (hospitals.length === 1) throw redirect(`/app/${hospitals[0]!.organizationSlug}`)
  return { hospitals: hospitals.map((h) => ({ slug: h.organizationSlug, name: h.organizationName, nameEn: h.organizationNameEn })) }
}

export default function Index() {
  const { t, i18n } = useTranslation()
  const { hospitals } = useLoaderData<typeof loader>()
  return (
    <PublicShell>
      <main id="main" className="page narrow">
        {hospitals === null ? (
          <section className="landing">
            <h1>{t('landing.title')}</h1>
            <p className="tagline">{t('appTagline')}</p>
            <p>{t('landing.body')}</p>
            <p>
              <Link className="button primary" to="/login">
                {t('landing.staffSignIn')}
              </Link>
            </p>
          </section>
        ) : hospitals.length === 0 ? (
          <p>{t('home.noHospital')}</p>
        ) : (
          <section>
            <h1>{t('home.chooseHospital')}</h1>
            <ul className="plain-list">
              {hospitals.map((h) => (
                <li key={h.slug}>
                  <Link to={`/app/${h.slug}`}>{i18n.language === 'en' && h.nameEn ? h.nameEn : h.name}</Link>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </PublicShell>
  )
}
