// The npm registry reachable here lacks the other platforms' builds of some packages
// (e.g. @rollup/rollup-darwin-arm64), so `npm install` writes a lockfile without them and
// `npm ci` then refuses it as out of sync. This adds the missing optional platform entries
// (never installed on this platform: their os/cpu do not match). Run after `npm install`.
import { readFileSync, writeFileSync } from 'node:fs'

const file = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(file, 'utf8'))
const packages = lock.packages

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'sunos', 'aix', 'netbsd']
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 's390x', 'riscv64', 'mips64el']

function platformOf(name) {
  const parts = name.split('/').pop().split('-')
  const os = parts.find((p) => OS.includes(p)) ?? (parts.includes('win32') ? 'win32' : undefined)
  let cpu = parts.find((p) => CPU.includes(p))
  if (!cpu && parts.includes('eabi')) cpu = 'arm'
  if (parts.includes('gnueabihf') || parts.includes('musleabihf')) cpu = 'arm'
  const libc = parts.includes('musl') || parts.includes('musleabihf') ? 'musl' : parts.includes('gnu') || parts.includes('gnueabihf') ? 'glibc' : undefined
  return { os, cpu, libc }
}

let added = 0
for (const [path, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`
    if (packages[nested] || packages[`node_modules/${dep}`]) continue
    const { os, cpu, libc } = platformOf(dep)
    if (!os || !cpu) continue // not a platform build: leave npm's view alone
    if (os === process.platform && cpu === process.arch && libc !== 'musl') continue
    packages[`node_modules/${dep}`] = { version, optional: true, os: [os], cpu: [cpu], ...(libc ? { libc: [libc] } : {}) }
    added++
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`complete-lockfile: added ${added} platform entries`)
