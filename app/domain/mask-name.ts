/**
 * 张** — a patient's name where the full name is not needed (DESIGN.md §6). Only the first
 * character stays; the stars do not tell how long the name is.
 */
export function maskName(name: string): string {
  const first = Array.from(name.trim())[0]
  return first ? `${first}**` : ''
}
