export default {
  title: '案件详情',
}
