export default {
  title: '工作日历',
}
