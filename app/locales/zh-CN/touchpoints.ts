export default {
  title: 'TODO',
} as const
