import { useTranslation } from 'react-i18next'
import { Form, Link, NavLink, Outlet, useLoaderData, useRouteLoaderData } from 'react-router'
import type { Route } from './+types/layout'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { LanguageSwitch } from '#app/components/ui/language-switch.tsx'
import { navigationFor } from '#app/domain/navigation.ts'
import { can, PERMISSIONS } from '#app/domain/permissions.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { countUnreadNotifications } from '#app/services/notification-inbox.server.ts'
import { UnreadBadge } from '#app/components/notifications/unread-badge.tsx'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization, membership, user } = await requireHospitalAccess(args)
  return {
    unreadNotifications: can(membership.role, 'notifications.view') ? await countUnreadNotifications(ctx, { organizationId: organization.id, userId: user.id }) : 0,
    hospital: {
      slug: organization.slug,
      name: organization.name,
      nameEn: organization.nameEn,
      timeZone: organization.timeZone,
    },
    me: { name: user.name, email: user.email, role: membership.role },
    nav: navigationFor(membership.role),
    permissions: PERMISSIONS.filter((p) => can(membership.role, p)),
  }
}

export type HospitalLayoutData = Awaited<ReturnType<typeof loader>>

/** Hospital name, the signed-in user and what they may do, for any page inside a hospital. */
export function useHospital() {
  return useRouteLoaderData('routes/hospital/layout') as HospitalLayoutData
}

export default function HospitalLayout() {
  const { hospital, me, nav, unreadNotifications } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const hospitalName = i18n.language === 'en' && hospital.nameEn ? hospital.nameEn : hospital.name
  const base = `/app/${hospital.slug}`
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header className="topbar">
        <Link to={base} className="brand">
          {t('appName')} <span className="hospital-name">{hospitalName}</span>
        </Link>
        <div className="topbar-right">
          <span className="me">
            {me.name} · {t(`roles.${me.role}`)}
          </span>
          <LanguageSwitch />
          <Link to="/account/password">{t('nav.changePassword')}</Link>
          <Form method="post" action="/logout">
            <CsrfInput />
            <button type="submit" className="link-button">
              {t('nav.signOut')}
            </button>
          </Form>
        </div>
      </header>
      <nav className="sidenav" aria-label={t('nav.mainNavigation')}>
        <ul>
          {nav.map((item) => (
            <li key={item.key}>
              <NavLink to={item.path ? `${base}/${item.path}` : base} end={!item.path} data-nav={item.key}>
                {t(`nav.${item.key}`)}
                {item.key === 'notifications' ? <UnreadBadge count={unreadNotifications} /> : null}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content">
        <Outlet />
      </main>
    </div>
  )
}
