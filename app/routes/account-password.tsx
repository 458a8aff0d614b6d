export default function AccountPassword() {
  return null
}
