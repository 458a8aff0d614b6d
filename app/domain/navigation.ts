import { can, type Permission } from './permissions.ts'
import type { Role } from './roles.ts'

export interface NavItem {
  key: 'home' | 'cases' | 'boards' | 'notifications' | 'intake' | 'surveys' | 'campaigns' | 'surveyAlerts' | 'patientEvents' | 'apiKeys' | 'departments' | 'touchpoints' | 'staff' | 'settings' | 'calendar' | 'outbox' | 'audit' | 'evaluation'
  path: string
  permission: Permission
}

const ITEMS: NavItem[] = [
  { key: 'home', path: '', permission: 'home.view' },
  { key: 'cases', path: 'cases', permission: 'cases.view' },
  { key: 'boards', path: 'boards', permission: 'boards.view' },
  { key: 'notifications', path: 'notifications', permission: 'notifications.view' },
  { key: 'intake', path: 'intake/new', permission: 'intake.create' },
  { key: 'evaluation', path: 'evaluation', permission: 'evaluation.view' },
  { key: 'surveys', path: 'surveys/templates', permission: 'surveys.view' },
  { key: 'campaigns', path: 'surveys/campaigns', permission: 'surveys.view' },
  { key: 'surveyAlerts', path: 'surveys/alerts', permission: 'surveyAlerts.view' },
  { key: 'patientEvents', path: 'surveys/events', permission: 'patientEvents.import' },
  { key: 'departments', path: 'admin/departments', permission: 'departments.view' },
  { key: 'touchpoints', path: 'admin/touchpoints', permission: 'touchpoints.view' },
  { key: 'staff', path: 'admin/staff', permission: 'staff.view' },
  { key: 'settings', path: 'admin/settings', permission: 'settings.view' },
  { key: 'calendar', path: 'admin/calendar', permission: 'calendar.view' },
  { key: 'apiKeys', path: 'admin/api-keys', permission: 'apiKeys.manage' },
  { key: 'outbox', path: 'admin/outbox', permission: 'outbox.view' },
  { key: 'audit', path: 'admin/audit', permission: 'audit.view' },
]

/** The navigation a role sees: exactly the pages its permissions open. */
export function navigationFor(role: Role): NavItem[] {
  return ITEMS.filter((item) => can(role, item.permission))
}
