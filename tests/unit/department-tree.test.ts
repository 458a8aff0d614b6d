import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sortAsTree, withDescendants, wouldCreateCycle } from '#app/domain/department-tree.ts'

const d = (id: string, parentId: string | null, name = id) => ({ id, parentId, sortOrder: 0, name })

describe('department tree', () => {
  it('refuses to put a department under itself or its own sub-department', () => {
    const all = [d('campus', null), d('medicine', 'campus'), d('cardiology', 'medicine')]
    expect(wouldCreateCycle(all, 'campus', 'campus')).toBe(true)
    expect(wouldCreateCycle(all, 'campus', 'cardiology')).toBe(true)
    expect(wouldCreateCycle(all, 'cardiology', 'campus')).toBe(false)
    expect(wouldCreateCycle(all, 'medicine', null)).toBe(false)
  })

  it('lists parents before their children with depth', () => {
    const rows = sortAsTree([d('c', 'b'), d('a', null), d('b', 'a')])
    expect(rows.map((r) => [r.id, r.depth])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ])
  })

  it('never loses a department and always places a parent first (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(9), { minLength: 1, maxLength: 30 }), (parents) => {
        // department i may only point at an earlier one, so the input is a forest
        const rows = parents.map((p, i) => d(`d${i}`, i > 0 && p < i ? `d${p}` : null))
        const sorted = sortAsTree(rows)
        expect(sorted).toHaveLength(rows.length)
        const pos = new Map(sorted.map((r, i) => [r.id, i]))
        for (const r of rows) if (r.parentId) expect(pos.get(r.parentId)!).toBeLessThan(pos.get(r.id)!)
      }),
    )
  })
})

describe('a department with everything nested under it', () => {
  it('includes a campus, its departments and their wards, and nothing beside them', () => {
    const rows = [
      { id: 'campus', parentId: null },
      { id: 'medicine', parentId: 'campus' },
      { id: 'ward', parentId: 'medicine' },
      { id: 'other', parentId: null },
    ]
    expect(withDescendants(rows, 'campus').sort()).toEqual(['campus', 'medicine', 'ward'])
    expect(withDescendants(rows, 'ward')).toEqual(['ward'])
  })
})
