import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

function files(dir: string): string[] {
  const abs = path.join(root, dir)
  return readdirSync(abs).flatMap((name) => {
    const p = path.join(abs, name)
    if (statSync(p).isDirectory()) return name === '+types' ? [] : files(path.join(dir, name))
    return /\.(ts|tsx)$/.test(name) ? [path.join(dir, name)] : []
  })
}

function imports(file: string): string[] {
  const src = readFileSync(path.join(root, file), 'utf8')
  return [...src.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!)
}

function violations(dir: string, forbidden: RegExp) {
  return files(dir).flatMap((f) => imports(f).filter((i) => forbidden.test(i)).map((i) => `${f} imports ${i}`))
}

// The import arrows of CONVENTIONS.md, checked on every test run.
describe('layering', () => {
  it('route modules call services, never db/ or workers/ directly', () => {
    expect(violations('app/routes', /^#db\/|^#workers\/|\/db\/|\/workers\//)).toEqual([])
  })

  it('components are React only: no services, db or workers', () => {
    expect(violations('app/components', /^#db\/|^#workers\/|^#app\/services\//)).toEqual([])
  })

  it('domain rules are pure: no I/O, no other layer', () => {
    expect(violations('app/domain', /^#(db|workers|emails|server)\/|^#app\/(services|lib|routes|components)\/|^node:|^(postgres|drizzle-orm|bullmq|nodemailer|twilio|react-router)/)).toEqual([])
  })

  it('db/ depends on domain types only', () => {
    expect(violations('db', /^#app\/(services|lib|routes|components)\/|^#workers\/|^#emails\//)).toEqual([])
  })

  it('services never render or route', () => {
    expect(violations('app/services', /^#app\/(routes|components)\/|^react-router$/)).toEqual([])
  })

  it('workers use services, not queries', () => {
    expect(violations('workers', /^#db\/queries\/|^#app\/routes\//)).toEqual([])
  })
})
