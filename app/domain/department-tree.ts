/** True when making `parentId` the parent of `departmentId` would put the department inside itself. */
export function wouldCreateCycle(departments: { id: string; parentId: string | null }[], departmentId: string, parentId: string | null): boolean {
  const parentOf = new Map(departments.map((d) => [d.id, d.parentId]))
  let current = parentId
  const seen = new Set<string>()
  while (current) {
    if (current === departmentId) return true
    if (seen.has(current)) return true
    seen.add(current)
    current = parentOf.get(current) ?? null
  }
  return false
}

/** Departments ordered as a tree (parents before children) with their depth, for indented lists. */
export function sortAsTree<T extends { id: string; parentId: string | null; sortOrder: number; name: string }>(rows: T[]): (T & { depth: number })[] {
  const byParent = new Map<string | null, T[]>()
  const ids = new Set(rows.map((r) => r.id))
  for (const r of rows) {
    const key = r.parentId && ids.has(r.parentId) ? r.parentId : null
    byParent.set(key, [...(byParent.get(key) ?? []), r])
  }
  const out: (T & { depth: number })[] = []
  const visit = (parent: string | null, depth: number) => {
    const children = (byParent.get(parent) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN'))
    for (const c of children) {
      out.push({ ...c, depth })
      visit(c.id, depth + 1)
    }
  }
  visit(null, 0)
  return out
}

/** Ids of a department and every department nested under it (a campus and all of its wards). */
export function withDescendants(departments: { id: string; parentId: string | null }[], rootId: string): string[] {
  const children = new Map<string, string[]>()
  for (const d of departments) if (d.parentId) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id])
  const ids = new Set([rootId])
  for (const id of ids) for (const child of children.get(id) ?? []) ids.add(child)
  return [...ids]
}
