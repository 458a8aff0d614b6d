import { describe, expect, it } from 'vitest'
import { decodeCsvBytes, parseCsv } from '#app/domain/csv.ts'
import { guessMapping, parseEventRows, parseEventTime, resolveEvent, type ColumnMapping, type EventLookup } from '#app/domain/patient-event-rows.ts'

const lookup: EventLookup = {
  departments: [
    { id: 'd-cardio', name: '心血管内科', nameEn: 'Cardiology' },
    { id: 'd-radio', name: '放射科', nameEn: 'Radiology' },
  ],
  touchpoints: [{ id: 't-1', departmentId: 'd-cardio', name: '心内科病区', nameEn: 'Cardiology Ward', publicCode: 'AB12CD34' }],
  timeZone: 'Asia/Shanghai',
  defaultLocale: 'zh-CN',
  now: new Date('2026-03-02T02:00:00Z'),
}

const headers = ['住院号', '姓名', '手机', '科室', '病区', '出院时间']
const mapping = guessMapping(headers)
const row = (over: Partial<Record<'id' | 'name' | 'phone' | 'dept' | 'ward' | 'time', string>> = {}) => [
  over.id ?? 'Z001',
  over.name ?? '张三',
  over.phone ?? '138 1234 5678',
  over.dept ?? '心血管内科',
  over.ward ?? '',
  over.time ?? '2026-03-01 14:30',
]

describe('CSV reader', () => {
  it('reads quoted fields with commas, escaped quotes and line breaks inside', () => {
    expect(parseCsv('a,b,c\n"x, y","say ""hi""","line1\nline2"\n')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line1\nline2'],
    ])
  })

  it('handles CRLF and LF line endings, a BOM and blank lines', () => {
    expect(parseCsv('\uFEFFname,phone\r\n张三,13812345678\r\n\r\n李四,13912345678')).toEqual([
      ['name', 'phone'],
      ['张三', '13812345678'],
      ['李四', '13912345678'],
    ])
  })

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c,\n')).toEqual([['a', '', 'c', '']])
  })

  it('decodes UTF-8 with a BOM and falls back to GB18030 for files saved by Chinese Excel', () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('姓名,手机')])
    expect(decodeCsvBytes(utf8)).toBe('姓名,手机')
    // 姓名 in GBK/GB18030.
    const gbk = new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0x41])
    expect(decodeCsvBytes(gbk)).toBe('姓名,A')
  })
})

describe('column guesses', () => {
  it('matches common Chinese headers', () => {
    expect(mapping).toMatchObject({ externalId: '0', patientName: '1', phone: '2', department: '3', touchpoint: '4', occurredAt: '5', type: '', fixedType: 'discharge' })
  })

  it('matches English headers case-insensitively and uses each column once', () => {
    const m = guessMapping(['Visit ID', 'Name', 'Phone', 'Email', 'Department', 'Visit time', 'Language', 'Type'])
    expect(m).toMatchObject({ externalId: '0', patientName: '1', phone: '2', email: '3', department: '4', occurredAt: '5', language: '6', type: '7' })
  })

  it('guesses 电话, 就诊时间 and 病案号, and a visit file from 就诊', () => {
    const m = guessMapping(['病案号', '联系电话', '就诊科室', '就诊时间'])
    expect(m).toMatchObject({ externalId: '0', phone: '1', department: '2', occurredAt: '3', fixedType: 'visit' })
  })
})

describe('event times', () => {
  const zone = 'Asia/Shanghai'
  it('reads local formats in the hospital time zone', () => {
    expect(parseEventTime('2026-03-01 14:30', zone)?.toISOString()).toBe('2026-03-01T06:30:00.000Z')
    expect(parseEventTime('2026/3/1 14:30', zone)?.toISOString()).toBe('2026-03-01T06:30:00.000Z')
    expect(parseEventTime('2026-03-01', zone)?.toISOString()).toBe('2026-02-28T16:00:00.000Z')
  })

  it('uses the offset given in ISO 8601', () => {
    expect(parseEventTime('2026-03-01T14:30:00+08:00', zone)?.toISOString()).toBe('2026-03-01T06:30:00.000Z')
    expect(parseEventTime('2026-03-01T06:30:00Z', 'America/New_York')?.toISOString()).toBe('2026-03-01T06:30:00.000Z')
    expect(parseEventTime('2026-03-01 14:30:00+0800', zone)?.toISOString()).toBe('2026-03-01T06:30:00.000Z')
  })

  it('interprets a local time in another hospital time zone (with daylight saving)', () => {
    expect(parseEventTime('2026-07-01 09:00', 'Europe/London')?.toISOString()).toBe('2026-07-01T08:00:00.000Z')
  })

  it('refuses impossible dates and unknown formats, and local times where an offset is required', () => {
    expect(parseEventTime('2026-02-30 10:00', zone)).toBeNull()
    expect(parseEventTime('01/03/2026', zone)).toBeNull()
    expect(parseEventTime('2026-03-01 25:00', zone)).toBeNull()
    expect(parseEventTime('2026-03-01 14:30', zone, { requireOffset: true })).toBeNull()
  })
})

describe('row rules', () => {
  it('turns a good row into an event with an E.164 phone, the department and the local time', () => {
    const { events, errors } = parseEventRows([row({ ward: 'ab12cd34' })], mapping, lookup)
    expect(errors).toEqual([])
    expect(events[0]).toMatchObject({ row: 2, type: 'discharge', externalId: 'Z001', phone: '+8613812345678', departmentId: 'd-cardio', touchpointId: 't-1', locale: 'zh-CN' })
    expect(events[0]!.occurredAt.toISOString()).toBe('2026-03-01T06:30:00.000Z')
  })

  it('finds departments by English name or id and takes the department from the ward', () => {
    expect(parseEventRows([row({ dept: 'radiology' })], mapping, lookup).events[0]?.departmentId).toBe('d-radio')
    expect(parseEventRows([row({ dept: 'd-radio' })], mapping, lookup).events[0]?.departmentId).toBe('d-radio')
    expect(parseEventRows([row({ dept: '', ward: '心内科病区' })], mapping, lookup).events[0]?.departmentId).toBe('d-cardio')
  })

  it('reports each problem with its row number and field', () => {
    const rows = [
      row(),
      row({ id: 'Z002', phone: '12345' }),
      row({ id: 'Z003', phone: '' }),
      row({ id: 'Z004', dept: '不存在科' }),
      row({ id: 'Z005', time: '昨天' }),
      row({ id: 'Z006', time: '2026-03-05 10:00' }),
      row({ id: 'Z001' }),
      row({ id: 'Z008', ward: '无此病区' }),
    ]
    const { errors, events } = parseEventRows(rows, mapping, lookup)
    expect(errors).toEqual([
      { row: 3, field: 'phone', code: 'phoneInvalid' },
      { row: 4, field: 'phone', code: 'contactRequired' },
      { row: 5, field: 'department', code: 'departmentUnknown' },
      { row: 6, field: 'occurredAt', code: 'timeInvalid' },
      { row: 7, field: 'occurredAt', code: 'timeFuture' },
      { row: 8, field: 'externalId', code: 'externalIdDuplicate' },
      { row: 9, field: 'touchpoint', code: 'touchpointUnknown' },
    ])
    expect(events.map((e) => e.row)).toEqual([2, 8])
  })

  it('allows a time up to a day ahead (a discharge entered in advance)', () => {
    expect(parseEventRows([row({ time: '2026-03-02 20:00' })], mapping, lookup).errors).toEqual([])
  })

  it('accepts an email instead of a phone, other E.164 numbers, and a language column', () => {
    const m: ColumnMapping = { ...guessMapping(['id', 'phone', 'email', 'time', 'language']) }
    const ok = parseEventRows(
      [
        ['A1', '', 'Pat@Example.com', '2026-03-01', 'en'],
        ['A2', '+44 20 7946 0958', '', '2026-03-01', ''],
      ],
      m,
      lookup,
    )
    expect(ok.errors).toEqual([])
    expect(ok.events.map((e) => [e.email, e.phone, e.locale])).toEqual([
      ['pat@example.com', null, 'en'],
      [null, '+442079460958', 'zh-CN'],
    ])
    const bad = parseEventRows([['A3', '', 'not-an-email', '2026-03-01', 'fr']], m, lookup)
    expect(bad.errors.map((e) => e.code)).toEqual(['emailInvalid', 'languageInvalid'])
  })

  it('reads the type from a column in Chinese or English', () => {
    const m = guessMapping(['type', 'phone', 'time'])
    const r = parseEventRows(
      [
        ['门诊', '13812345678', '2026-03-01'],
        ['discharge', '13812345678', '2026-03-01'],
        ['急诊?', '13812345678', '2026-03-01'],
      ],
      m,
      lookup,
    )
    expect(r.events.map((e) => e.type)).toEqual(['visit', 'discharge'])
    expect(r.errors).toEqual([{ row: 4, field: 'type', code: 'typeInvalid' }])
  })

  it('requires an offset on API times', () => {
    const raw = { type: 'visit', phone: '13812345678', occurredAt: '2026-03-01 10:00' }
    expect(resolveEvent(raw, lookup, { requireOffset: true }).errors).toEqual([{ field: 'occurredAt', code: 'timeInvalid' }])
    expect(resolveEvent({ ...raw, occurredAt: '2026-03-01T10:00:00+08:00' }, lookup, { requireOffset: true }).event?.occurredAt.toISOString()).toBe('2026-03-01T02:00:00.000Z')
  })
})
