import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { departmentPostersPdf, touchpointPosterPdf } from '#app/services/touchpoint-posters.server.ts'
import { insertDepartment } from '#db/queries/departments.ts'
import { insertTouchpoint } from '#db/queries/touchpoints.ts'
import { AppClient } from '#tests/helpers/app-client.ts'
import { createTestContext, type TestContext } from '#tests/helpers/context.ts'
import { createHospitalWithStaff, TEST_PASSWORD, type TestHospital } from '#tests/helpers/factories.ts'

let t: TestContext
let a: TestHospital
let b: TestHospital

beforeAll(async () => {
  t = createTestContext()
  a = await createHospitalWithStaff(t.ctx)
  b = await createHospitalWithStaff(t.ctx)
})
afterAll(() => t.close())

const admin = (h: TestHospital) => `/app/${h.organization.slug}/admin`
const files = (h: TestHospital, touchpointId: string) => `${admin(h)}/touchpoints/${touchpointId}`
const urlOf = (code: string) => `${t.ctx.config.publicUrl}/q/${code}`
const MM = 72 / 25.4

async function signedIn(email: string) {
  const client = new AppClient(t.ctx)
  await client.signIn(email, TEST_PASSWORD)
  return client
}

// --- Reading the PDFs pdfkit writes (uncompressed when asked), just enough for the assertions. ---

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')

/**
 * Objects by number, located through the xref table; a stream is cut by its /Length, since an
 * embedded font's binary data may itself contain "endobj".
 */
function objects(pdf: string) {
  const map = new Map<string, string>()
  const xref = pdf.slice(pdf.lastIndexOf('\nxref\n') + 6)
  const [header = '', ...entries] = xref.split('\n')
  const first = Number(header.split(' ')[0])
  entries.slice(0, Number(header.split(' ')[1])).forEach((line, i) => {
    const [offset, , kind] = line.trim().split(' ')
    if (kind !== 'n') return
    const start = pdf.indexOf('obj\n', Number(offset)) + 4
    const dict = pdf.slice(start, pdf.indexOf('\nendobj', start))
    const streamAt = dict.indexOf('\nstream\n')
    const length = dict.match(/\/Length (\d+)/)?.[1]
    const body = streamAt >= 0 && length ? pdf.slice(start, start + streamAt + 8 + Number(length)) + '\nendstream' : dict
    map.set(String(first + i), body)
  })
  return map
}

const streamOf = (obj: string) => obj.slice(obj.indexOf('stream\n') + 7, obj.lastIndexOf('\nendstream'))

/** glyph id → text, from a font's ToUnicode CMap. */
function toUnicode(cmap: string) {
  const map = new Map<number, string>()
  const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)))
  for (const [, from, , list] of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
    ;[...list!.matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) => map.set(parseInt(from!, 16) + i, hex(u[1]!)))
  }
  return map
}

/** The text of each page, one line per TJ operator, decoded through the embedded fonts' ToUnicode maps. */
function pageTexts(bytes: Uint8Array) {
  const objs = objects(latin1(bytes))
  const ref = (obj: string, key: string) => obj.match(new RegExp(`/${key} (\\d+) 0 R`))?.[1]
  const pagesObj = [...objs.values()].find((o) => o.includes('/Type /Pages'))!
  const kids = [...pagesObj.match(/\/Kids \[([^\]]*)\]/)![1]!.matchAll(/(\d+) 0 R/g)].map((m) => m[1]!)
  return kids.map((pageId) => {
    const page = objs.get(pageId)!
    const resources = objs.get(ref(page, 'Resources')!)!
    const fonts = new Map([...resources.match(/\/Font <<([\s\S]*?)>>/)![1]!.matchAll(/\/(F\d+) (\d+) 0 R/g)].map((m) => [m[1]!, toUnicode(streamOf(objs.get(ref(objs.get(m[2]!)!, 'ToUnicode')!)!))]))
    const lines: string[] = []
    let font = new Map<number, string>()
    for (const op of streamOf(objs.get(ref(page, 'Contents')!)!).matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1]) font = fonts.get(op[1]) ?? new Map()
      else lines.push([...op[2]!.matchAll(/<([0-9a-f]+)>/gi)].flatMap((h) => (h[1]!.match(/.{4}/g) ?? []).map((g) => font.get(parseInt(g, 16)) ?? '?')).join(''))
    }
    return lines.join('\n')
  })
}

/** A PDF string (literal, UTF-16BE with a byte-order mark when not ASCII). */
function pdfString(bytes: Uint8Array, key: string) {
  const pdf = latin1(bytes)
  const id = pdf.match(new RegExp(`/${key} (\\d+) 0 R`))![1]!
  const raw = objects(pdf).get(id)!.trim().slice(1, -1)
  const unescaped = raw.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, c: string) =>
    /^[0-7]/.test(c) ? String.fromCharCode(parseInt(c, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c,
  )
  const buf = Buffer.from(unescaped, 'latin1')
  return buf[0] === 0xfe && buf[1] === 0xff ? Buffer.from(buf.subarray(2)).swap16().toString('utf16le') : buf.toString('latin1')
}

/** Width in mm of the QR symbol on each page: the bounding box of the module squares (the most common rectangle height). */
function qrWidthsMm(bytes: Uint8Array) {
  const objs = objects(latin1(bytes))
  const contents = [...objs.values()].filter((o) => o.includes('/Type /Page\n') || o.includes('/Type /Page\r')).map((p) => objs.get(p.match(/\/Contents (\d+) 0 R/)![1]!)!)
  return contents.map((c) => {
    const rects = [...streamOf(c).matchAll(/([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re/g)].map((m) => m.slice(1, 5).map(Number) as [number, number, number, number])
    const heights = new Map<number, number>()
    for (const r of rects) heights.set(r[3], (heights.get(r[3]) ?? 0) + 1)
    const cell = [...heights].sort((x, y) => y[1] - x[1])[0]![0]
    const modules = rects.filter((r) => r[3] === cell)
    return (Math.max(...modules.map((r) => r[0] + r[2])) - Math.min(...modules.map((r) => r[0]))) / MM
  })
}

const pageCount = (bytes: Uint8Array) => latin1(bytes).match(/\/Type \/Page\b(?!s)/g)?.length ?? 0

describe('QR code files', () => {
  it('serves a PNG QR code that a scanner reads as the touchpoint’s patient link', async () => {
    const client = await signedIn(a.users.admin.email)
    const res = await client.get(`${files(a, a.touchpoint.id)}/qr/png`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('content-disposition')).toContain(`filename="qr-${a.touchpoint.publicCode}.png"`)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect([...res.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

    const png = PNG.sync.read(Buffer.from(res.bytes))
    expect(png.width).toBeGreaterThanOrEqual(1000)
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
    expect(decoded?.data).toBe(urlOf(a.touchpoint.publicCode))
  })

  it('serves an SVG QR code to a view-only role such as hospital leadership', async () => {
    const client = await signedIn(a.users.leadership.email)
    const res = await client.get(`${files(a, a.touchpoint.id)}/qr/svg`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    expect(res.headers.get('content-disposition')).toContain(`qr-${a.touchpoint.publicCode}.svg`)
    expect(res.text.trimStart()).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    expect(res.text).toMatch(/<path[^>]* d="M/)
    expect(res.text.trimEnd()).toMatch(/<\/svg>$/)
  })

  it('answers 404 for an unknown format or a malformed touchpoint id', async () => {
    const client = await signedIn(a.users.admin.email)
    expect((await client.get(`${files(a, a.touchpoint.id)}/qr/gif`)).status).toBe(404)
    expect((await client.get(`${files(a, 'not-a-uuid')}/qr/png`)).status).toBe(404)
    expect((await client.get(`${files(a, a.touchpoint.id)}/poster/a3`)).status).toBe(404)
  })
})

describe('touchpoint posters', () => {
  it('prints an A4 poster with the hospital, the point, a QR code over 60 mm and how feedback is handled', async () => {
    const client = await signedIn(a.users.patient_service.email)
    const res = await client.get(`${files(a, a.touchpoint.id)}/poster/a4`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain(`filename="poster-${a.touchpoint.publicCode}-a4.pdf"`)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const pdf = latin1(res.bytes)
    expect(pdf.startsWith('%PDF-')).toBe(true)
    expect(pdf).toContain('/MediaBox [0 0 595.28 841.89]')
    expect(pageCount(res.bytes)).toBe(1)
    // Chinese is drawn with the Noto Sans SC subset embedded in the file, not a system font.
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/)
    expect(pdf).toMatch(/\/FontFile2 \d+ 0 R/)
    expect(pdfString(res.bytes, 'Title')).toBe(`${a.touchpoint.name} · ${a.organization.name}`)

    const plain = await touchpointPosterPdf(t.ctx, { organizationId: a.organization.id, touchpointId: a.touchpoint.id, size: 'a4' }, { compress: false })
    const [text = ''] = pageTexts(plain!.body)
    expect(text).toContain(a.organization.name)
    expect(text).toContain(a.organization.nameEn!)
    expect(text).toContain(a.touchpoint.name)
    expect(text).toContain('心血管内科 · Cardiology')
    expect(text).toContain('扫码反馈意见、投诉或表扬')
    expect(text).toContain('Scan to give feedback')
    expect(text).toContain('我们将在 5 个工作日内答复投诉 · 事事有回音，件件有结果')
    expect(text).toContain('We answer complaints within 5 working days.')
    expect(text).toContain(urlOf(a.touchpoint.publicCode))
    expect(text.indexOf('扫码反馈意见')).toBeLessThan(text.indexOf('Scan to give feedback'))
    expect(qrWidthsMm(plain!.body)[0]).toBeGreaterThanOrEqual(60)
  })

  it('prints an A5 poster with a QR code over 45 mm', async () => {
    const client = await signedIn(a.users.admin.email)
    const res = await client.get(`${files(a, a.touchpoint.id)}/poster/a5`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain(`poster-${a.touchpoint.publicCode}-a5.pdf`)
    expect(latin1(res.bytes)).toContain('/MediaBox [0 0 419.53 595.28]')

    const plain = await touchpointPosterPdf(t.ctx, { organizationId: a.organization.id, touchpointId: a.touchpoint.id, size: 'a5' }, { compress: false })
    expect(pageTexts(plain!.body)[0]).toContain(a.touchpoint.name)
    const [width = 0] = qrWidthsMm(plain!.body)
    expect(width).toBeGreaterThanOrEqual(45)
    expect(width).toBeLessThan(148)
  })
})

describe('department poster batch', () => {
  it('prints one page per active touchpoint of the department and the departments nested under it', async () => {
    const org = { organizationId: a.organization.id }
    const campus = await insertDepartment(t.ctx.db, { ...org, name: '北院区', nameEn: 'North campus', type: 'functional' })
    const ward = await insertDepartment(t.ctx.db, { ...org, name: '北院区骨科', type: 'clinical', parentId: campus.id })
    const closedWard = await insertDepartment(t.ctx.db, { ...org, name: '北院区旧病区', type: 'clinical', parentId: campus.id, active: false })
    const code = () => `p${Math.random().toString(36).slice(2, 9)}`
    await insertTouchpoint(t.ctx.db, { ...org, departmentId: campus.id, name: '北院区门诊大厅', publicCode: code() })
    await insertTouchpoint(t.ctx.db, { ...org, departmentId: ward.id, name: '骨科护士站', nameEn: 'Orthopaedics nurses’ station', publicCode: code() })
    await insertTouchpoint(t.ctx.db, { ...org, departmentId: ward.id, name: '骨科旧候诊区', publicCode: code(), active: false })
    await insertTouchpoint(t.ctx.db, { ...org, departmentId: closedWard.id, name: '旧病区走廊', publicCode: code() })

    const client = await signedIn(a.users.leadership.email)
    const res = await client.get(`${admin(a)}/departments/${campus.id}/posters/a4`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain(`filename="posters-${campus.id.slice(0, 8)}-a4.pdf"`)
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''posters-${encodeURIComponent('北院区')}-a4.pdf`)
    expect(pageCount(res.bytes)).toBe(2)
    expect(pdfString(res.bytes, 'Title')).toBe(`北院区 · ${a.organization.name}`)

    const plain = await departmentPostersPdf(t.ctx, { ...org, departmentId: campus.id, size: 'a5' }, { compress: false })
    const pages = pageTexts(plain!.body)
    expect(pages).toHaveLength(2)
    expect(pages[0]).toContain('北院区门诊大厅')
    expect(pages[0]).toContain('北院区 · North campus')
    expect(pages[1]).toContain('骨科护士站')
    expect(pages[1]).toContain('北院区骨科')
    expect(pages.join('\n')).not.toMatch(/骨科旧候诊区|旧病区走廊|心内科病区/)
    expect(qrWidthsMm(plain!.body).every((w) => w >= 45)).toBe(true)

    // The filtered list and the department page offer the batch; a department without active points does not.
    const list = await client.get(`${admin(a)}/touchpoints?department=${campus.id}`)
    expect(list.text).toContain(`href="${admin(a)}/departments/${campus.id}/posters/a5"`)
    const adminClient = await signedIn(a.users.admin.email)
    const departmentPage = await adminClient.get(`${admin(a)}/departments/${campus.id}`)
    expect(departmentPage.text).toContain('每个点位一页，共 2 页')
    expect(departmentPage.text).toContain(`href="${admin(a)}/departments/${campus.id}/posters/a4"`)
    const emptyPage = await adminClient.get(`${admin(a)}/departments/${a.departments.radiology.id}`)
    expect(emptyPage.text).not.toContain('/posters/a4')
  })

  it('answers 404 for a department without active touchpoints, a malformed id or an unknown size', async () => {
    const client = await signedIn(a.users.admin.email)
    expect((await client.get(`${admin(a)}/departments/${a.departments.radiology.id}/posters/a4`)).status).toBe(404)
    expect((await client.get(`${admin(a)}/departments/not-a-uuid/posters/a4`)).status).toBe(404)
    expect((await client.get(`${admin(a)}/departments/${a.departments.cardiology.id}/posters/letter`)).status).toBe(404)
  })
})

describe('who may download', () => {
  it('shows the QR preview and download links on the edit page and on every row of the list', async () => {
    const adminClient = await signedIn(a.users.admin.email)
    const edit = await adminClient.get(files(a, a.touchpoint.id))
    expect(edit.status).toBe(200)
    expect(edit.text).toContain(`<img src="${files(a, a.touchpoint.id)}/qr/svg"`)
    for (const path of ['qr/png', 'qr/svg', 'poster/a4', 'poster/a5']) expect(edit.text).toContain(`href="${files(a, a.touchpoint.id)}/${path}"`)

    const viewer = await signedIn(a.users.department_head.email)
    const list = await viewer.get(`${admin(a)}/touchpoints`)
    expect(list.status).toBe(200)
    expect(list.text).toContain('二维码与海报')
    expect(list.text).toContain(`href="${files(a, a.touchpoint.id)}/poster/a4"`)
    expect((await viewer.get(`${files(a, a.touchpoint.id)}/poster/a4`)).status).toBe(200)
  })

  it('keeps another hospital’s touchpoints and departments out of reach (404)', async () => {
    const otherAdmin = await signedIn(b.users.admin.email)
    expect((await otherAdmin.get(`${files(b, a.touchpoint.id)}/qr/png`)).status).toBe(404)
    expect((await otherAdmin.get(`${files(b, a.touchpoint.id)}/poster/a4`)).status).toBe(404)
    expect((await otherAdmin.get(`${admin(b)}/departments/${a.departments.cardiology.id}/posters/a4`)).status).toBe(404)
    expect((await otherAdmin.get(`${files(a, a.touchpoint.id)}/qr/png`)).status).toBe(404)
  })

  it('refuses front-line staff, who have no access to touchpoints (403)', async () => {
    const staff = await signedIn(a.users.staff.email)
    expect((await staff.get(`${files(a, a.touchpoint.id)}/qr/png`)).status).toBe(403)
    expect((await staff.get(`${files(a, a.touchpoint.id)}/poster/a4`)).status).toBe(403)
    expect((await staff.get(`${admin(a)}/departments/${a.departments.cardiology.id}/posters/a4`)).status).toBe(403)
  })
})
