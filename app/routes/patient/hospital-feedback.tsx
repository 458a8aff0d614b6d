// Placeholder: being built for issue 3.
export default function Placeholder() {
  return null
}
