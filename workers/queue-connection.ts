import { Queue, Worker, createPostgresBackend, type ConnectionOptions, type Processor, type QueueOptions, type WorkerOptions } from 'bullmq'

/** Where BullMQ keeps its jobs: Redis when REDIS_URL is set, else PostgreSQL. */
export type QueueBackendConfig =
  | { kind: 'redis'; url: string; prefix: string }
  | { kind: 'postgres'; url: string; prefix: string }

/**
 * Connection settings, never client instances: BullMQ then owns the connections and ends
 * them on close(). A Redis client passed in is treated as the caller's and left open, which
 * kept every closed queue's socket alive.
 */
function redisConnection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null }
}

/**
 * BullMQ's PostgreSQL backend ignores the key prefix: one schema holds every queue. The
 * prefix picks the schema instead, so two prefixes never see each other's jobs, as on Redis
 * (the default prefix keeps the plain `bullmq` schema).
 */
export function postgresQueueSchema(prefix: string) {
  return prefix === 'huiyin' ? 'bullmq' : `bullmq_${prefix.toLowerCase().replace(/-/g, '_')}`
}

function postgresConnection(url: string, prefix: string) {
  return { connectionString: url, schema: postgresQueueSchema(prefix), migrate: true, max: 4 }
}

export function createBullQueue(name: string, backend: QueueBackendConfig, opts: Omit<QueueOptions, 'connection'> = {}): Queue {
  if (backend.kind === 'redis') {
    return new Queue(name, { ...opts, prefix: backend.prefix, connection: redisConnection(backend.url) })
  }
  return new Queue(name, { ...opts, prefix: backend.prefix, connection: postgresConnection(backend.url, backend.prefix) }, createPostgresBackend) as unknown as Queue
}

export function createBullWorker(name: string, processor: Processor, backend: QueueBackendConfig, opts: Omit<WorkerOptions, 'connection'> = {}): Worker {
  if (backend.kind === 'redis') {
    return new Worker(name, processor, { ...opts, prefix: backend.prefix, connection: redisConnection(backend.url) })
  }
  return new Worker(
    name,
    processor,
    { ...opts, prefix: backend.prefix, connection: postgresConnection(backend.url, backend.prefix) },
    createPostgresBackend,
  ) as unknown as Worker
}
