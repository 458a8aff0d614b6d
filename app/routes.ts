import { index, prefix, route, type RouteConfig } from '@react-router/dev/routes'

export default [
  index('routes/index.tsx'),
  route('healthz', 'routes/healthz.ts'),
  route('login', 'routes/login.tsx'),
  route('logout', 'routes/logout.ts'),
  route('language', 'routes/language.ts'),
  route('invite/:token', 'routes/invite.tsx'),
  route('account/password', 'routes/account-password.tsx'),
  route('app/:org', 'routes/hospital/layout.tsx', [
    index('routes/hospital/home.tsx'),
    ...prefix('admin', [
      route('departments', 'routes/hospital/admin/departments.tsx'),
      route('departments/:departmentId', 'routes/hospital/admin/department.tsx'),
      route('touchpoints', 'routes/hospital/admin/touchpoints.tsx'),
      route('touchpoints/:touchpointId', 'routes/hospital/admin/touchpoint.tsx'),
      route('staff', 'routes/hospital/admin/staff.tsx'),
      route('staff/:membershipId', 'routes/hospital/admin/staff-member.tsx'),
      route('settings', 'routes/hospital/admin/settings.tsx'),
      route('outbox', 'routes/hospital/admin/outbox.tsx'),
      route('outbox/:messageId', 'routes/hospital/admin/outbox-message.tsx'),
      route('audit', 'routes/hospital/admin/audit.tsx'),
    ]),
  ]),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig
