/** Thrown from loaders/actions; the error boundary renders them in the user's language. */
export function notFound(): never {
  throw new Response('Not Found', { status: 404, statusText: 'Not Found' })
}
export function forbidden(): never {
  throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
}
export function badRequest(message = 'Bad Request'): never {
  throw new Response(message, { status: 400, statusText: 'Bad Request' })
}
