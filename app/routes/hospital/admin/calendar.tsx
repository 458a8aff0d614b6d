// Placeholder: being built for issue 4.
export default function Placeholder() {
  return null
}
