import autocannon from 'autocannon'

export interface LoadSettings {
  connections: number
  durationSeconds: number
  warmupSeconds: number
}

export interface LoadResult {
  /** Responses with the expected status per second of the measured run. */
  okPerSecond: number
  /** autocannon's own mean of requests per second (every status). */
  requestsPerSecond: number
  ok: number
  total: number
  /** Everything that was not the expected status: other codes, connection errors, timeouts. */
  failures: number
  statusCodes: Record<string, number>
  latencyP50: number
  latencyP99: number
  /** Expected responses during the warm-up too (rows written before the measured run). */
  warmupOk: number
}

interface Target {
  url: string
  headers: Record<string, string>
  body: Buffer
}

function statusCounts(result: autocannon.Result) {
  return Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]))
}

function run(target: Target, connections: number, durationSeconds: number) {
  return autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: target.body,
    connections,
    duration: durationSeconds,
    pipelining: 1,
    timeout: 10,
  })
}

/** A warm-up (discarded), then the measured run; the same settings for every target. */
export async function measure(target: Target, settings: LoadSettings, expectedStatus: number): Promise<LoadResult> {
  const warmup = settings.warmupSeconds > 0 ? await run(target, settings.connections, settings.warmupSeconds) : undefined
  const result = await run(target, settings.connections, settings.durationSeconds)
  const statusCodes = statusCounts(result)
  const ok = statusCodes[String(expectedStatus)] ?? 0
  const total = Object.values(statusCodes).reduce((a, b) => a + b, 0)
  return {
    okPerSecond: ok / result.duration,
    requestsPerSecond: result.requests.average,
    ok,
    total,
    failures: total - ok + result.errors,
    statusCodes,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    warmupOk: warmup ? (statusCounts(warmup)[String(expectedStatus)] ?? 0) : 0,
  }
}

/** A form body encoded once, the way a browser sends it (multipart/form-data with a boundary). */
export async function multipartBody(fields: Record<string, string>) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  const encoded = new Response(form)
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! }
}
