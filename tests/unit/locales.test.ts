import { describe, expect, it } from 'vitest'
import { resources } from '#app/locales/index.ts'

function leaves(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  if (typeof obj === 'string') out.set(prefix, obj)
  else if (obj && typeof obj === 'object') for (const [k, v] of Object.entries(obj)) for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv)
  return out
}

describe('translations', () => {
  const zh = leaves(resources['zh-CN'])
  const en = leaves(resources.en)

  it('has every Chinese string in English and nothing extra', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort())
  })

  it('has no empty or placeholder strings', () => {
    for (const [key, value] of [...zh, ...en]) {
      expect(value.trim(), key).not.toBe('')
      expect(value, key).not.toMatch(/\bTODO\b/)
    }
  })

  it('uses the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort()
    for (const [key, value] of zh) expect(vars(en.get(key) ?? ''), key).toEqual(vars(value))
  })

  it('writes the Chinese strings in Chinese', () => {
    const exempt = new Set(['common.language.switchTo', 'common.language.en'])
    for (const [key, value] of zh) {
      const words = value.replace(/{{\w+}}/g, '')
      if (exempt.has(key) || !/[A-Za-z]/.test(words)) continue // pure formats like '{{role}}：{{description}}'
      if (en.get(key) === value && value.length <= 12) continue // a proper noun both languages share (SMTP, Twilio)
      expect(value, key).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})
