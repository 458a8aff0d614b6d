import type { Messages } from '../types.ts'
import type zh from '../zh-CN/survey-alerts.ts'

export default {
  title: 'Survey alerts',
  intro:
    'When a follow-up survey comes back with a low score (any rating of 2 or less, or a recommendation score of 6 or less) or a comment the patient marked as a complaint, an alert is raised and the department and patient service are told. If the patient agreed to be contacted, a complaint case was opened.',
  scopeDepartments: 'Only alerts of your departments are shown.',
  empty: 'No alerts yet.',
  emptyOpen: 'No alerts waiting to be acknowledged.',
  filter: { label: 'Show', open: 'Not yet acknowledged', all: 'All', apply: 'Filter' },
  columns: { time: 'Time', department: 'Department', campaign: 'Campaign', findings: 'What the patient answered', case: 'Case', status: 'Status' },
  noDepartment: 'No department given',
  findings: {
    low_rating: '{{question}}: {{value}}/5',
    low_nps: '{{question}}: recommendation {{value}}/10',
    complaint_text: '{{question}} (marked as a complaint): “{{text}}”',
    unknownQuestion: 'A question no longer in the survey',
  },
  caseLink: 'Case {{number}}',
  noCase: 'No case (the patient did not ask to be contacted)',
  status: { open: 'Not yet acknowledged', acknowledged: 'Acknowledged ({{date}})' },
  acknowledge: 'Acknowledge',
  acknowledgeLabel: 'Acknowledge the alert of {{date}}',
  acknowledged: 'The alert is acknowledged.',
  alreadyAcknowledged: 'This alert was already acknowledged.',
  paging: { label: 'Alert pages', older: 'Older alerts', first: 'Back to the newest' },
  caseText: {
    header: 'Feedback from the follow-up survey “{{survey}}”; the patient agreed to be contacted:',
    rating: '{{question}}: {{value}} (out of 5)',
    nps: '{{question}}: {{value}} (0–10)',
    complaint: '{{question}} (as a complaint): {{text}}',
  },
} satisfies Messages<typeof zh>
