import { describe, expect, it } from 'vitest'
import { navigationFor } from '#app/domain/navigation.ts'
import { can, PERMISSIONS } from '#app/domain/permissions.ts'
import { ROLES } from '#app/domain/roles.ts'

describe('role matrix', () => {
  it('lets leadership read everything it can see and change nothing', () => {
    for (const p of PERMISSIONS.filter((p) => p.endsWith('.manage'))) expect(can('leadership', p), p).toBe(false)
    expect(can('leadership', 'departments.view')).toBe(true)
    expect(can('leadership', 'settings.view')).toBe(true)
  })

  it('reserves hospital administration to the admin', () => {
    for (const role of ROLES) {
      for (const p of ['departments.manage', 'touchpoints.manage', 'staff.manage', 'settings.manage', 'outbox.view', 'audit.view'] as const) {
        expect(can(role, p), `${role} ${p}`).toBe(role === 'admin')
      }
    }
  })

  it('gives every role a home page and a navigation that starts with it', () => {
    for (const role of ROLES) expect(navigationFor(role)[0]?.key).toBe('home')
  })

  it('keeps department staff out of hospital-wide lists', () => {
    expect(navigationFor('staff').map((n) => n.key)).toEqual(['home', 'cases', 'notifications', 'intake'])
  })

  it('lets every role that meets patients record feedback for them, but not leadership', () => {
    for (const role of ROLES) expect(can(role, 'intake.create'), role).toBe(role !== 'leadership')
  })
})
