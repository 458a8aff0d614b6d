/** Owned by the patient pages. */
export default {
  title: '意见反馈',
}
