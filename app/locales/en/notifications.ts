import type { Messages } from '../types.ts'
import type zh from '../zh-CN/notifications.ts'

export default {
  title: 'Notifications',
  intro: 'Reminders about the time limits of complaints you handle or oversee. Open a case from its number.',
  unreadCount: '{{count}} unread',
  allRead: 'No unread notifications.',
  empty: 'No notifications yet. When a time limit is close or has passed, a reminder appears here.',
  unread: 'Unread',
  markRead: 'Mark as read',
  markReadLabel: 'Mark this notification about case {{number}} as read',
  markAllRead: 'Mark all as read',
  markedAll: 'All notifications are marked as read.',
  caseLabel: 'Case {{number}}',
  separator: ': ',
  notifiedAt: 'Notified {{date}}',
  clocks: {
    first_contact: 'the time to first contact the patient',
    answer: 'the time to answer the patient',
    findings: 'the time for {{department}} to give its findings',
    findingsNoDepartment: 'the time for a department to give its findings',
  },
  milestones: {
    warn: '{{percent}}% of {{clock}} has passed (due {{due}})',
    due: '{{clock}} is up (due {{due}})',
    overdue: '{{clock}} is one working day overdue (due {{due}})',
  },
  paging: {
    label: 'Notification pages',
    newer: 'Newer notifications',
    older: 'Older notifications',
    page: 'Page {{page}}',
  },
  badge: 'Unread notifications: {{count}}',
} satisfies Messages<typeof zh>
