export default {
  title: '投诉案件',
}
