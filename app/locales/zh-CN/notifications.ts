/** The notification inbox (/app/:org/notifications): SLA warnings and escalations for the signed-in user. */
export default {
  title: '通知',
  intro: '您负责或需要关注的投诉处理时限提醒。点击案件编号可查看案件。',
  unreadCount: '未读 {{count}} 条',
  allRead: '没有未读通知。',
  empty: '暂无通知。处理时限快到或已过时，提醒会显示在这里。',
  unread: '未读',
  markRead: '标为已读',
  markReadLabel: '将案件 {{number}} 的这条通知标为已读',
  markAllRead: '全部标为已读',
  markedAll: '已将全部通知标为已读。',
  caseLabel: '案件 {{number}}',
  separator: '：',
  notifiedAt: '通知时间：{{date}}',
  clocks: {
    first_contact: '首次联系患者时限',
    answer: '答复患者时限',
    findings: '{{department}}提交调查意见时限',
    findingsNoDepartment: '科室提交调查意见时限',
  },
  milestones: {
    warn: '{{clock}}已过 {{percent}}%（截止 {{due}}）',
    due: '{{clock}}已到期（截止 {{due}}）',
    overdue: '{{clock}}已超期一个工作日（截止 {{due}}）',
  },
  paging: {
    label: '通知分页',
    newer: '较新的通知',
    older: '较早的通知',
    page: '第 {{page}} 页',
  },
  badge: '{{count}} 条未读通知',
}
