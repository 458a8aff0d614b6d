/** Owned by the staffIntake pages. */
export default {
  title: '登记患者反馈',
}
