// Placeholder: being built for issue 3.
export async function loader() {
  return new Response('Not Found', { status: 404 })
}
